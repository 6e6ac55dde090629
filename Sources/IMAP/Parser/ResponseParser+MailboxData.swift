/// Untagged responses other than FETCH: status, capability, LIST, STATUS, SEARCH, ESEARCH,
/// SORT, THREAD, NAMESPACE, ID, message counts and expunges.
extension ResponseParser {
    mutating func parseUntagged() throws -> UntaggedResponse {
        if let first = peek(), ASCII.isDigit(first) {
            let number = try parseNumber()
            try expectSpace()
            let keyword = try parseAtom().uppercased()
            switch keyword {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try expectSpace()
                try expect("(")
                let (attributes, _) = try parseFetchAttributes(isFirstItem: true, allowStreamAtEnd: false)
                return .fetch(FetchResponse(sequenceNumber: number, attributes: attributes))
            default:
                try skipToLineEnd()
                return .other(keyword: keyword)
            }
        }
        let keyword = try parseAtom().uppercased()
        switch keyword {
        case "OK", "NO", "BAD":
            // `guard` is safe: the keyword is one of the three raw values.
            guard let status = ResponseStatus(rawValue: keyword) else { throw error("status") }
            return .status(status, try parseOptionalResponseText())
        case "BYE": return .bye(try parseOptionalResponseText())
        case "PREAUTH": return .preauth(try parseOptionalResponseText())
        case "CAPABILITY": return .capability(try parseCapabilityList())
        case "ENABLED": return .enabled(try parseCapabilityList())
        case "FLAGS":
            try expectSpace()
            return .flags(try parseFlagList())
        case "LIST":
            try expectSpace()
            return .list(try parseMailboxList())
        case "LSUB":
            try expectSpace()
            return .lsub(try parseMailboxList())
        case "STATUS":
            try expectSpace()
            return try parseStatus()
        case "SEARCH":
            let numbers = try parseNumberList()
            return .search(numbers, modSeq: try parseOptionalSearchModSeq())
        case "SORT":
            let numbers = try parseNumberList()
            return .sort(numbers, modSeq: try parseOptionalSearchModSeq())
        case "ESEARCH": return .extendedSearch(try parseExtendedSearch())
        case "THREAD": return .thread(try parseThreadData())
        case "NAMESPACE":
            try expectSpace()
            return .namespace(try parseNamespaceResponse())
        case "ID":
            try expectSpace()
            return .id(try parseIDParameters())
        case "VANISHED":
            try expectSpace()
            var earlier = false
            if peek() == UInt8(ascii: "(") {
                try expect("(")
                try expectWord("EARLIER")
                try expect(")")
                try expectSpace()
                earlier = true
            }
            return .vanished(earlier: earlier, uids: try parseSequenceSet())
        default:
            try skipToLineEnd()
            return .other(keyword: keyword)
        }
    }

    /// Moves to the line end without consuming it (for responses this client ignores).
    /// Literals are passed over as slices: a copy made only to be thrown away is what Swift
    /// 6.3.1's optimizer frees before filling (fuzz/swift-miscompile).
    mutating func skipToLineEnd() throws {
        while !isAtEnd && !isAtLineEnd {
            if isAtLiteral {
                _ = try parseLiteralSlice()
            } else {
                position += 1
            }
        }
    }

    mutating func parseCapabilityList() throws -> [Capability] {
        var capabilities: [Capability] = []
        while skipSpace() {
            if isAtLineEnd { break }
            capabilities.append(Capability(try parseAtom()))
        }
        return capabilities
    }

    /// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended]`
    mutating func parseMailboxList() throws -> MailboxListEntry {
        let attributes = try parseParenthesizedFlagTokens().map(MailboxAttribute.init)
        try expectSpace()
        var delimiter: Character? = nil
        if !consumeNIL() {
            let value = try parseQuoted()
            guard value.count == 1, value[0] < 0x80 else { throw error("hierarchy delimiter must be one character") }
            delimiter = Character(Unicode.Scalar(value[0]))
        }
        try expectSpace()
        let name = MailboxName(wireBytes: try parseAString())
        var extended: [String] = []
        if skipSpace(), peek() == UInt8(ascii: "(") {
            try expect("(")
            while peek() != UInt8(ascii: ")") {
                extended.append(String(decoding: try parseAString(), as: UTF8.self).uppercased())
                try expectSpace()
                try skipValue()
                if !skipSpace() { break }
            }
            try expect(")")
        }
        return MailboxListEntry(attributes: attributes, delimiter: delimiter, name: name, extendedItems: extended)
    }

    /// `"STATUS" SP mailbox SP "(" [status-att-list] ")"`
    mutating func parseStatus() throws -> UntaggedResponse {
        let name = MailboxName(wireBytes: try parseAString())
        try expectSpace()
        try expect("(")
        var status = MailboxStatus()
        skipSpace()
        while peek() != UInt8(ascii: ")") {
            let item = try parseAtom().uppercased()
            try expectSpace()
            switch item {
            case "MESSAGES": status.messages = try parseNumber()
            case "RECENT": status.recent = try parseNumber()
            case "UIDNEXT": status.uidNext = try parseNumber()
            case "UIDVALIDITY": status.uidValidity = try parseNumber()
            case "UNSEEN": status.unseen = try parseNumber()
            case "HIGHESTMODSEQ": status.highestModSeq = try parseNumber64()
            case "SIZE": status.size = try parseNumber64()
            default: try skipValue()
            }
            if !skipSpace() { break }
        }
        try expect(")")
        skipSpace()
        return .mailboxStatus(name, status)
    }

    /// `[SP "(" "MODSEQ" SP mod-sequence-value ")"]` after SEARCH/SORT results.
    mutating func parseOptionalSearchModSeq() throws -> UInt64? {
        guard skipSpace() else { return nil }
        if isAtLineEnd { return nil }
        try expect("(")
        try expectWord("MODSEQ")
        try expectSpace()
        let value = try parseNumber64()
        try expect(")")
        return value
    }

    /// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)`
    mutating func parseExtendedSearch() throws -> ExtendedSearchResponse {
        var response = ExtendedSearchResponse()
        guard skipSpace(), !isAtLineEnd else { return response }
        if peek() == UInt8(ascii: "(") {
            try expect("(")
            try expectWord("TAG")
            try expectSpace()
            response.correlator = String(decoding: try parseAString(), as: UTF8.self)
            try expect(")")
            guard skipSpace(), !isAtLineEnd else { return response }
        }
        if consumeWord("UID") {
            response.isUID = true
            guard skipSpace(), !isAtLineEnd else { return response }
        }
        while !isAtLineEnd && !isAtEnd {
            let name = try parseAtom().uppercased()
            try expectSpace()
            switch name {
            case "MIN": response.min = try parseNumber()
            case "MAX": response.max = try parseNumber()
            case "COUNT": response.count = try parseNumber()
            case "ALL": response.all = try parseSequenceSet()
            case "MODSEQ": response.modSeq = try parseNumber64()
            case "PARTIAL":
                // `"(" partial-range SP (sequence-set / "NIL") ")"` (RFC 5267).
                try expect("(")
                let low = try parseNumber()
                try expect(":")
                let high = try parseNumber()
                guard low <= high else { throw error("PARTIAL range") }
                response.partialRange = low...high
                try expectSpace()
                response.partial = consumeNIL() ? nil : try parseSequenceSet()
                try expect(")")
            default: try skipValue()
            }
            if !skipSpace() { break }
        }
        return response
    }

    /// `namespace-response = nil / "(" 1*namespace-descr ")"`, three times.
    mutating func parseNamespaceResponse() throws -> NamespaceResponse {
        let personal = try parseNamespaceList()
        try expectSpace()
        let others = try parseNamespaceList()
        try expectSpace()
        let shared = try parseNamespaceList()
        return NamespaceResponse(personal: personal, otherUsers: others, shared: shared)
    }

    private mutating func parseNamespaceList() throws -> [Namespace] {
        if consumeNIL() { return [] }
        try expect("(")
        var namespaces: [Namespace] = []
        while peek() == UInt8(ascii: "(") {
            try expect("(")
            let prefix = MailboxName(wireBytes: try parseString())
            try expectSpace()
            var delimiter: Character? = nil
            if !consumeNIL() {
                let value = try parseQuoted()
                guard value.count == 1, value[0] < 0x80 else { throw error("namespace delimiter") }
                delimiter = Character(Unicode.Scalar(value[0]))
            }
            // Namespace response extensions: SP string SP "(" string *(SP string) ")".
            while skipSpace() {
                if peek() == UInt8(ascii: ")") { break }
                try skipValue()
            }
            try expect(")")
            namespaces.append(Namespace(prefix: prefix, delimiter: delimiter))
            skipSpace()
        }
        try expect(")")
        return namespaces
    }

    /// `id-params-list = "(" *(string SP nstring) ")" / nil`
    mutating func parseIDParameters() throws -> [String: String] {
        if consumeNIL() { return [:] }
        try expect("(")
        var parameters: [String: String] = [:]
        skipSpace()
        while peek() != UInt8(ascii: ")") {
            let key = String(decoding: try parseString(), as: UTF8.self)
            try expectSpace()
            let value = try parseNString().map { String(decoding: $0, as: UTF8.self) }
            parameters[key] = value ?? ""
            if !skipSpace() { break }
        }
        try expect(")")
        return parameters
    }
}
