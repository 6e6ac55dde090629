/// How STORE changes flags.
public enum StoreOperation: Hashable, Sendable {
    case add, remove, replace

    var prefix: String {
        switch self {
        case .add: return "+"
        case .remove: return "-"
        case .replace: return ""
        }
    }
}

/// A command this client can send. ``encode(tag:options:)`` turns it into wire chunks,
/// validating every user-supplied value first.
public enum Command: Sendable {
    case capability
    case noop
    case logout
    case startTLS
    case login(username: String, password: String)
    /// AUTHENTICATE PLAIN; with `initialResponse` (SASL-IR) the credentials go on the command line.
    case authenticatePlain(username: String, password: String, initialResponse: Bool)
    case enable([Capability])
    case id([(String, String)])
    case namespace
    /// LIST with optional RETURN options: SPECIAL-USE and/or STATUS (LIST-STATUS).
    case list(reference: MailboxName?, pattern: String, returnSpecialUse: Bool, returnStatus: [StatusItem])
    case lsub(reference: MailboxName?, pattern: String)
    case status(MailboxName, [StatusItem])
    case select(MailboxName, condStore: Bool)
    case examine(MailboxName, condStore: Bool)
    case create(MailboxName)
    case delete(MailboxName)
    case rename(from: MailboxName, to: MailboxName)
    case subscribe(MailboxName)
    case unsubscribe(MailboxName)
    case close
    case unselect
    case expunge
    case fetch(SequenceSet, [FetchItem], changedSince: UInt64?)
    case uidFetch(SequenceSet, [FetchItem], changedSince: UInt64?)
    case uidStore(SequenceSet, StoreOperation, [Flag], silent: Bool, unchangedSince: UInt64?)
    case uidCopy(SequenceSet, MailboxName)
    case uidMove(SequenceSet, MailboxName)
    case uidExpunge(SequenceSet)
    /// UID SEARCH; `returnOptions` (ESEARCH) such as `["COUNT", "MAX"]`, empty for a plain SEARCH.
    case uidSearch(SearchKey, charset: String?, returnOptions: [String])
    case search(SearchKey, charset: String?, returnOptions: [String])
    /// UID SORT; `returnOptions` (ESORT, RFC 5267) such as `["COUNT", "PARTIAL 1:50"]`, empty for a plain SORT.
    case uidSort([SortKey], charset: String, SearchKey, returnOptions: [String] = [])
    /// UID THREAD (RFC 5256): the messages `criteria` picks, grouped into threads by `algorithm`.
    case uidThread(ThreadAlgorithm, charset: String, SearchKey)
    case append(MailboxName, flags: [Flag], date: InternalDate?, message: [UInt8])
    case idle

    /// Flags are validated as atoms (`\Seen`, `$Label`); `\Recent` cannot be stored.
    static func writeFlags(_ flags: [Flag], to writer: inout CommandWriter) throws {
        writer.raw("(")
        for (index, flag) in flags.enumerated() {
            if index > 0 { writer.space() }
            guard flag != .recent else { throw IMAPCommandError.invalidAtom(field: "flag \\Recent") }
            try writer.atom(flag.rawValue, field: "flag", allowBackslashPrefix: true)
        }
        writer.raw(")")
    }

    /// The wire chunks of `tag <command>`; after each chunk but the last the client must wait
    /// for a `+` continuation request.
    func encode(tag: String, options: CommandWriter.Options) throws -> [[UInt8]] {
        var writer = CommandWriter(options: options)
        writer.raw(tag)
        writer.space()
        try write(to: &writer)
        return writer.finish()
    }

    /// `true` for commands whose bytes must never appear in logs.
    var containsSecret: Bool {
        switch self {
        case .login, .authenticatePlain: return true
        default: return false
        }
    }

    private func write(to writer: inout CommandWriter) throws {
        switch self {
        case .capability: writer.raw("CAPABILITY")
        case .noop: writer.raw("NOOP")
        case .logout: writer.raw("LOGOUT")
        case .startTLS: writer.raw("STARTTLS")
        case .namespace: writer.raw("NAMESPACE")
        case .close: writer.raw("CLOSE")
        case .unselect: writer.raw("UNSELECT")
        case .expunge: writer.raw("EXPUNGE")
        case .idle: writer.raw("IDLE")
        case .login(let username, let password):
            writer.raw("LOGIN ")
            try writer.string(username, field: "user name")
            writer.space()
            try writer.string(password, field: "password")
        case .authenticatePlain(let username, let password, let initialResponse):
            let response = try SASLPlain.initialResponse(username: username, password: password)
            writer.raw("AUTHENTICATE PLAIN")
            if initialResponse {
                writer.space()
                writer.raw(response)
            } else {
                // The response goes on its own line after the server's "+".
                writer.raw("\r\n")
                writer.endChunk()
                writer.raw(response)
            }
        case .enable(let capabilities):
            writer.raw("ENABLE")
            for capability in capabilities {
                writer.space()
                try writer.atom(capability.rawValue, field: "capability")
            }
        case .id(let parameters):
            writer.raw("ID ")
            if parameters.isEmpty {
                writer.raw("NIL")
            } else {
                writer.raw("(")
                for (index, (key, value)) in parameters.enumerated() {
                    if index > 0 { writer.space() }
                    try writer.string(key, field: "ID key")
                    writer.space()
                    try writer.string(value, field: "ID value")
                }
                writer.raw(")")
            }
        case .list(let reference, let pattern, let returnSpecialUse, let returnStatus):
            // Checked before encoding: modified UTF-7 would otherwise carry CR/LF as base64.
            try CommandWriter.rejectForbidden(Array(pattern.utf8), field: "mailbox pattern")
            writer.raw("LIST ")
            try writer.string(reference?.wireBytes ?? [], field: "reference")
            writer.space()
            try writer.string(Array(ModifiedUTF7.encode(pattern).utf8), field: "mailbox pattern")
            var options: [String] = []
            if returnSpecialUse { options.append("SPECIAL-USE") }
            if !returnStatus.isEmpty {
                options.append("STATUS (\(returnStatus.map(\.rawValue).joined(separator: " ")))")
            }
            if !options.isEmpty { writer.raw(" RETURN (\(options.joined(separator: " ")))") }
        case .lsub(let reference, let pattern):
            try CommandWriter.rejectForbidden(Array(pattern.utf8), field: "mailbox pattern")
            writer.raw("LSUB ")
            try writer.string(reference?.wireBytes ?? [], field: "reference")
            writer.space()
            try writer.string(Array(ModifiedUTF7.encode(pattern).utf8), field: "mailbox pattern")
        case .status(let mailbox, let items):
            guard !items.isEmpty else { throw IMAPCommandError.emptyValue(field: "status items") }
            writer.raw("STATUS ")
            try writer.mailbox(mailbox)
            writer.raw(" (\(items.map(\.rawValue).joined(separator: " ")))")
        case .select(let mailbox, let condStore):
            writer.raw("SELECT ")
            try writer.mailbox(mailbox)
            if condStore { writer.raw(" (CONDSTORE)") }
        case .examine(let mailbox, let condStore):
            writer.raw("EXAMINE ")
            try writer.mailbox(mailbox)
            if condStore { writer.raw(" (CONDSTORE)") }
        case .create(let mailbox):
            writer.raw("CREATE ")
            try writer.mailbox(mailbox)
        case .delete(let mailbox):
            writer.raw("DELETE ")
            try writer.mailbox(mailbox)
        case .rename(let from, let to):
            writer.raw("RENAME ")
            try writer.mailbox(from)
            writer.space()
            try writer.mailbox(to)
        case .subscribe(let mailbox):
            writer.raw("SUBSCRIBE ")
            try writer.mailbox(mailbox)
        case .unsubscribe(let mailbox):
            writer.raw("UNSUBSCRIBE ")
            try writer.mailbox(mailbox)
        case .fetch(let set, let items, let changedSince):
            writer.raw("FETCH ")
            try Self.writeFetch(set, items, changedSince, to: &writer)
        case .uidFetch(let set, let items, let changedSince):
            writer.raw("UID FETCH ")
            try Self.writeFetch(set, items, changedSince, to: &writer)
        case .uidStore(let set, let operation, let flags, let silent, let unchangedSince):
            try Self.requireNonEmpty(set)
            writer.raw("UID STORE \(set) ")
            if let unchangedSince { writer.raw("(UNCHANGEDSINCE \(unchangedSince)) ") }
            writer.raw("\(operation.prefix)FLAGS\(silent ? ".SILENT" : "") ")
            try Self.writeFlags(flags, to: &writer)
        case .uidCopy(let set, let mailbox):
            try Self.requireNonEmpty(set)
            writer.raw("UID COPY \(set) ")
            try writer.mailbox(mailbox)
        case .uidMove(let set, let mailbox):
            try Self.requireNonEmpty(set)
            writer.raw("UID MOVE \(set) ")
            try writer.mailbox(mailbox)
        case .uidExpunge(let set):
            try Self.requireNonEmpty(set)
            writer.raw("UID EXPUNGE \(set)")
        case .uidSearch(let key, let charset, let returnOptions):
            writer.raw("UID ")
            try Self.writeSearch(key, charset, returnOptions, to: &writer)
        case .search(let key, let charset, let returnOptions):
            try Self.writeSearch(key, charset, returnOptions, to: &writer)
        case .uidSort(let keys, let charset, let criteria, let returnOptions):
            guard !keys.isEmpty else { throw IMAPCommandError.emptyValue(field: "sort criteria") }
            writer.raw("UID SORT ")
            if !returnOptions.isEmpty { writer.raw("RETURN (\(returnOptions.joined(separator: " "))) ") }
            writer.raw("(\(keys.map(\.wireText).joined(separator: " "))) ")
            try writer.atom(charset, field: "charset")
            writer.space()
            try criteria.write(to: &writer)
        case .uidThread(let algorithm, let charset, let criteria):
            writer.raw("UID THREAD \(algorithm.rawValue) ")
            try writer.atom(charset, field: "charset")
            writer.space()
            try criteria.write(to: &writer)
        case .append(let mailbox, let flags, let date, let message):
            writer.raw("APPEND ")
            try writer.mailbox(mailbox)
            if !flags.isEmpty {
                writer.space()
                try Self.writeFlags(flags, to: &writer)
            }
            if let date { writer.raw(" \"\(date)\"") }
            writer.space()
            try writer.messageLiteral(message)
        }
    }

    private static func requireNonEmpty(_ set: SequenceSet) throws {
        guard !set.isEmpty else { throw IMAPCommandError.emptyValue(field: "UID set") }
    }

    private static func writeFetch(
        _ set: SequenceSet, _ items: [FetchItem], _ changedSince: UInt64?, to writer: inout CommandWriter
    ) throws {
        try requireNonEmpty(set)
        guard !items.isEmpty else { throw IMAPCommandError.emptyValue(field: "fetch items") }
        writer.raw("\(set) (")
        for (index, item) in items.enumerated() {
            if index > 0 { writer.space() }
            try item.write(to: &writer)
        }
        writer.raw(")")
        if let changedSince { writer.raw(" (CHANGEDSINCE \(changedSince))") }
    }

    private static func writeSearch(
        _ key: SearchKey, _ charset: String?, _ returnOptions: [String], to writer: inout CommandWriter
    ) throws {
        writer.raw("SEARCH ")
        if !returnOptions.isEmpty {
            writer.raw("RETURN (")
            for (index, option) in returnOptions.enumerated() {
                if index > 0 { writer.space() }
                try writer.atom(option, field: "search return option")
            }
            writer.raw(") ")
        }
        if let charset {
            writer.raw("CHARSET ")
            try writer.atom(charset, field: "charset")
            writer.space()
        }
        try key.write(to: &writer)
    }
}

/// SASL PLAIN (RFC 4616): base64 of `authzid NUL authcid NUL password` with an empty authzid.
enum SASLPlain {
    static func initialResponse(username: String, password: String) throws -> String {
        for (value, field) in [(username, "user name"), (password, "password")] {
            try CommandWriter.rejectForbidden(Array(value.utf8), field: field)
            if value.isEmpty { throw IMAPCommandError.emptyValue(field: field) }
        }
        return Base64.encode([0] + Array(username.utf8) + [0] + Array(password.utf8))
    }
}

/// Standard base64 without line breaks (no Foundation needed at this layer).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2: UInt8 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int(((b0 & 0x03) << 4) | (b1 >> 4))])
            output.append(index + 1 < bytes.count ? alphabet[Int(((b1 & 0x0F) << 2) | (b2 >> 6))] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
