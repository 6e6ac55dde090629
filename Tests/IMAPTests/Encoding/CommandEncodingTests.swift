@testable import IMAP
import Testing

/// The command encoder emits only atoms, quoted strings and literals, and refuses CR/LF/NUL.
@Suite struct CommandEncodingTests {
    static let plain = CommandWriter.Options()
    static let literalPlus = CommandWriter.Options(literalPlus: true)

    static func wire(_ command: Command, _ options: CommandWriter.Options = plain) throws -> [String] {
        try command.encode(tag: "a1", options: options).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func simpleCommands() throws {
        #expect(try Self.wire(.capability) == ["a1 CAPABILITY\r\n"])
        #expect(try Self.wire(.noop) == ["a1 NOOP\r\n"])
        #expect(try Self.wire(.select(.inbox, condStore: true)) == ["a1 SELECT INBOX (CONDSTORE)\r\n"])
        #expect(try Self.wire(.examine(MailboxName("Sent Items"), condStore: false)) == ["a1 EXAMINE \"Sent Items\"\r\n"])
        #expect(try Self.wire(.enable([.condStore])) == ["a1 ENABLE CONDSTORE\r\n"])
    }

    @Test func loginQuotesAndEscapes() throws {
        #expect(try Self.wire(.login(username: "u@x.kr", password: "p\"a\\ss")) == ["a1 LOGIN \"u@x.kr\" \"p\\\"a\\\\ss\"\r\n"])
    }

    @Test func nonASCIIPasswordBecomesALiteral() throws {
        #expect(try Self.wire(.login(username: "u", password: "비밀")) == ["a1 LOGIN \"u\" {6}\r\n", "비밀\r\n"])
        #expect(try Self.wire(.login(username: "u", password: "비밀"), Self.literalPlus) == ["a1 LOGIN \"u\" {6+}\r\n비밀\r\n"])
    }

    @Test func literalMinusOnlyForSmallValues() throws {
        let options = CommandWriter.Options(literalMinus: true)
        #expect(try Self.wire(.login(username: "u", password: "비밀"), options).count == 1)
        let big = String(repeating: "가", count: 2000)
        #expect(try Self.wire(.login(username: "u", password: big), options).count == 2)
    }

    @Test func authenticatePlain() throws {
        // base64("\0user\0pass")
        #expect(try Self.wire(.authenticatePlain(username: "user", password: "pass", initialResponse: true)) == ["a1 AUTHENTICATE PLAIN AHVzZXIAcGFzcw==\r\n"])
        #expect(try Self.wire(.authenticatePlain(username: "user", password: "pass", initialResponse: false)) == ["a1 AUTHENTICATE PLAIN\r\n", "AHVzZXIAcGFzcw==\r\n"])
    }

    @Test(arguments: [
        Command.login(username: "a\r\nb", password: "x"),
        .login(username: "a", password: "x\ny"),
        .authenticatePlain(username: "a\u{0}b", password: "x", initialResponse: true),
        .create(MailboxName("evil\r\nx")),
        .select(MailboxName(wireBytes: Array("a\r\nb".utf8)), condStore: false),
        .uidSearch(.subject("x\r\na2 LOGOUT"), charset: "UTF-8", returnOptions: []),
        .uidSearch(.not(.or(.all, .from("q\n"))), charset: nil, returnOptions: []),
        .uidSearch(.header(name: "X-A", value: "\u{0}"), charset: nil, returnOptions: []),
        .list(reference: nil, pattern: "a\rb", returnSpecialUse: false, returnStatus: []),
        .id([("name", "x\r\n")]),
    ])
    func forbiddenCharactersAreRejected(_ command: Command) {
        #expect(throws: IMAPCommandError.self) { try Self.wire(command) }
    }

    @Test func invalidAtomsAreRejected() {
        #expect(throws: IMAPCommandError.invalidAtom(field: "flag")) {
            try Self.wire(.uidStore(SequenceSet(numbers: [1]), .add, [Flag("bad flag")], silent: true, unchangedSince: nil))
        }
        #expect(throws: IMAPCommandError.invalidAtom(field: "flag \\Recent")) {
            try Self.wire(.uidStore(SequenceSet(numbers: [1]), .add, [.recent], silent: true, unchangedSince: nil))
        }
        #expect(throws: IMAPCommandError.invalidAtom(field: "charset")) {
            try Self.wire(.uidSearch(.all, charset: "UTF 8", returnOptions: []))
        }
        #expect(throws: IMAPCommandError.invalidAtom(field: "header field name")) {
            try Self.wire(.uidFetch(SequenceSet(numbers: [1]), [.bodySection(SectionSpecifier(kind: .headerFields(["A B"])))], changedSince: nil))
        }
        #expect(throws: IMAPCommandError.emptyValue(field: "UID set")) {
            try Self.wire(.uidExpunge(SequenceSet([])))
        }
    }

    @Test func fetchAndStore() throws {
        #expect(try Self.wire(.uidFetch(SequenceSet([SequenceRange(1...5), SequenceRange(.number(9), .last)]), FetchItem.summary, changedSince: nil))
            == ["a1 UID FETCH 1:5,9:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)\r\n"])
        #expect(try Self.wire(.uidFetch(SequenceSet(numbers: [3]), [.bodySection(SectionSpecifier(part: [1, 2], kind: .mime), partial: 0...1023), .binary(part: [2]), .binarySize(part: [2])], changedSince: 7))
            == ["a1 UID FETCH 3 (BODY.PEEK[1.2.MIME]<0.1024> BINARY.PEEK[2] BINARY.SIZE[2]) (CHANGEDSINCE 7)\r\n"])
        #expect(try Self.wire(.uidFetch(SequenceSet(numbers: [3]), [.bodySection(SectionSpecifier(kind: .headerFields(["Subject", "References"])), peek: false)], changedSince: nil))
            == ["a1 UID FETCH 3 (BODY[HEADER.FIELDS (Subject References)])\r\n"])
        #expect(try Self.wire(.uidFetch(SequenceSet(numbers: [3]), [.uid, .preview(), .preview(lazy: true)], changedSince: nil))
            == ["a1 UID FETCH 3 (UID PREVIEW PREVIEW (LAZY))\r\n"])
        #expect(try Self.wire(.uidStore(SequenceSet(numbers: [1, 2, 3, 7]), .add, [.seen, Flag("$Work")], silent: true, unchangedSince: 5))
            == ["a1 UID STORE 1:3,7 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen $Work)\r\n"])
        #expect(try Self.wire(.uidStore(SequenceSet(numbers: [1]), .replace, [], silent: false, unchangedSince: nil)) == ["a1 UID STORE 1 FLAGS ()\r\n"])
    }

    @Test func searchAndSort() throws {
        #expect(try Self.wire(.uidSearch(.and([.unseen, .since(SearchDay(year: 2026, month: 2, day: 1)), .from("kim")]), charset: nil, returnOptions: []))
            == ["a1 UID SEARCH (UNSEEN SINCE 1-Feb-2026 FROM \"kim\")\r\n"])
        #expect(try Self.wire(.uidSearch(.subject("회의"), charset: "UTF-8", returnOptions: ["ALL"]), Self.literalPlus)
            == ["a1 UID SEARCH RETURN (ALL) CHARSET UTF-8 SUBJECT {6+}\r\n회의\r\n"])
        #expect(try Self.wire(.uidSearch(.or(.flagged, .not(.seen)), charset: nil, returnOptions: [])) == ["a1 UID SEARCH OR FLAGGED NOT SEEN\r\n"])
        #expect(try Self.wire(.uidSort([SortKey(.date, reversed: true), SortKey(.subject)], charset: "UTF-8", .all))
            == ["a1 UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL\r\n"])
        #expect(try Self.wire(.uidThread(.references, charset: "UTF-8", .all)) == ["a1 UID THREAD REFERENCES UTF-8 ALL\r\n"])
        #expect(try Self.wire(.uidThread(.refs, charset: "UTF-8", .uid(SequenceSet([SequenceRange(5...9)]))))
            == ["a1 UID THREAD REFS UTF-8 UID 5:9\r\n"])
        #expect(throws: IMAPCommandError.self) { try Self.wire(.uidThread(.refs, charset: "UTF 8", .all)) }
        #expect(SearchKey.subject("회의").needsUTF8)
        #expect(!SearchKey.subject("meeting").needsUTF8)
    }

    @Test func mailboxCommands() throws {
        #expect(try Self.wire(.create(MailboxName("프로젝트"))) == ["a1 CREATE &1QS4XMgd0rg-\r\n"])
        #expect(try Self.wire(.rename(from: MailboxName("A & B"), to: MailboxName("C"))) == ["a1 RENAME \"A &- B\" C\r\n"])
        #expect(try Self.wire(.list(reference: nil, pattern: "*", returnSpecialUse: true, returnStatus: [.messages, .unseen]))
            == ["a1 LIST \"\" \"*\" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))\r\n"])
        #expect(try Self.wire(.status(.inbox, [.uidNext])) == ["a1 STATUS INBOX (UIDNEXT)\r\n"])
        #expect(try Self.wire(.uidMove(SequenceSet(numbers: [4]), MailboxName("Trash"))) == ["a1 UID MOVE 4 Trash\r\n"])
        #expect(try Self.wire(.id([("name", "zioinfo-mail")])) == ["a1 ID (\"name\" \"zioinfo-mail\")\r\n"])
    }

    @Test func appendUsesALiteralForTheMessage() throws {
        let date = InternalDate(year: 2026, month: 11, day: 5, hour: 9, minute: 3, second: 0, zoneMinutes: 540)
        #expect(try Self.wire(.append(MailboxName("Sent"), flags: [.seen], date: date, message: Array("A\r\n\r\nB".utf8)), Self.literalPlus)
            == ["a1 APPEND Sent (\\Seen) \"05-Nov-2026 09:03:00 +0900\" {6+}\r\nA\r\n\r\nB\r\n"])
        #expect(throws: IMAPCommandError.self) { try Self.wire(.append(.inbox, flags: [], date: nil, message: [65, 0, 66])) }
    }
}

/// Modified UTF-7 (RFC 3501 5.1.3) both ways.
@Suite struct ModifiedUTF7Tests {
    @Test(arguments: [
        ("프로젝트", "&1QS4XMgd0rg-"),
        ("INBOX", "INBOX"),
        ("A & B", "A &- B"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("보낸 편지함", "&vPSwuA- &07jJwNVo-"),
        ("😀", "&2D3eAA-"),
        ("", ""),
        ("tab\there", "tab&AAk-here"),
    ])
    func roundTrip(_ pair: (String, String)) {
        #expect(ModifiedUTF7.encode(pair.0) == pair.1)
        #expect(ModifiedUTF7.decode(Array(pair.1.utf8)) == pair.0)
    }

    @Test(arguments: ["&", "&Jjo", "&Jjo!-", "&AGE-", "caf\u{E9}", "&2D0-"])
    func invalidIsRejected(_ text: String) {
        #expect(ModifiedUTF7.decode(Array(text.utf8)) == nil)
    }

    @Test func mailboxNameFallsBackForRawUTF8() {
        #expect(MailboxName(wireBytes: Array("보관".utf8)).displayName == "보관")
        #expect(MailboxName("프로젝트/하위").components(delimiter: "/") == ["프로젝트", "하위"])
    }
}

/// Sequence sets, dates and other small models.
@Suite struct ModelTests {
    @Test func sequenceSetCompressesAndExpands() {
        let set = SequenceSet(numbers: [5, 1, 2, 3, 9, 10])
        #expect(set.description == "1:3,5,9:10")
        #expect(set.numbers() == [1, 2, 3, 5, 9, 10])
        #expect(SequenceSet([SequenceRange(.number(1), .last)]).description == "1:*")
        #expect(SequenceSet([SequenceRange(.number(3), .number(1))]).numbers() == [1, 2, 3])
        #expect(SequenceSet(numbers: [UInt32.max, UInt32.max - 1]).numbers() == [UInt32.max - 1, UInt32.max])
    }

    @Test func internalDateConversions() {
        let date = InternalDate(year: 2026, month: 11, day: 25, hour: 10, minute: 0, second: 0, zoneMinutes: 540)
        #expect(date.secondsSince1970 == 1_795_568_400)
        #expect(date.description == "25-Nov-2026 10:00:00 +0900")
        let utc = InternalDate(date.date)
        #expect(utc == InternalDate(year: 2026, month: 11, day: 25, hour: 1, minute: 0, second: 0, zoneMinutes: 0))
        #expect(InternalDate(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, zoneMinutes: 0).secondsSince1970 == -1)
    }

    @Test func flagsCompareCaseInsensitively() {
        #expect(Flag("\\SEEN") == .seen)
        #expect(Set([Flag("$work"), Flag("$Work")]).count == 1)
        #expect(Capability("idle") == .idle)
        #expect(MailboxAttribute("\\sent") == .sent)
    }

    @Test func credentialsNeverShowThePassword() {
        let credentials = IMAPCredentials(username: "u", password: "s3cret")
        #expect(!"\(credentials)".contains("s3cret"))
        #expect(!String(reflecting: credentials).contains("s3cret"))
    }
}
