import IMAP
import Testing

/// Tagged, untagged status and continuation responses, and every response code.
@Suite struct StatusResponseParserTests {
    static let cases: [ParserCase] = [
        ParserCase("tagged OK", "a1 OK done\r\n", [tagged("a1", .ok, "done")]),
        ParserCase("tagged NO", "a2 NO no such thing\r\n", [tagged("a2", .no, "no such thing")]),
        ParserCase("tagged BAD", "a3 BAD parse error\r\n", [tagged("a3", .bad, "parse error")]),
        ParserCase("lower-case status", "z9 ok fine\r\n", [tagged("z9", .ok, "fine")]),
        ParserCase("OK without text", "a1 OK\r\n", [tagged("a1", .ok, "")]),
        ParserCase("bare LF line end", "a1 OK lf only\n", [tagged("a1", .ok, "lf only")]),
        ParserCase("tag with dots", "A.1-x OK y\r\n", [tagged("A.1-x", .ok, "y")]),
        ParserCase("TRYCREATE", "a1 NO [TRYCREATE] Mailbox doesn't exist\r\n", [tagged("a1", .no, .tryCreate, "Mailbox doesn't exist")]),
        ParserCase("ALERT", "* NO [ALERT] Disk full\r\n", [untagged(.status(.no, ResponseText(code: .alert, text: "Disk full")))]),
        ParserCase("UIDVALIDITY", "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n", [okUntagged(.uidValidity(3_857_529_045), "UIDs valid")]),
        ParserCase("UIDNEXT", "* OK [UIDNEXT 4392] Predicted next UID\r\n", [okUntagged(.uidNext(4392), "Predicted next UID")]),
        ParserCase("UNSEEN", "* OK [UNSEEN 12] first unseen\r\n", [okUntagged(.unseen(12), "first unseen")]),
        ParserCase(
            "PERMANENTFLAGS", "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
            [okUntagged(.permanentFlags([.flag(.deleted), .flag(.seen), .wildcard]), "Limited")]),
        ParserCase("PERMANENTFLAGS empty", "* OK [PERMANENTFLAGS ()] none\r\n", [okUntagged(.permanentFlags([]), "none")]),
        ParserCase("HIGHESTMODSEQ", "* OK [HIGHESTMODSEQ 715194045007] Highest\r\n", [okUntagged(.highestModSeq(715_194_045_007), "Highest")]),
        ParserCase("NOMODSEQ", "* OK [NOMODSEQ] Sorry\r\n", [okUntagged(.noModSeq, "Sorry")]),
        ParserCase("READ-ONLY", "a1 OK [READ-ONLY] EXAMINE completed\r\n", [tagged("a1", .ok, .readOnly, "EXAMINE completed")]),
        ParserCase("READ-WRITE", "a1 OK [READ-WRITE] SELECT completed\r\n", [tagged("a1", .ok, .readWrite, "SELECT completed")]),
        ParserCase(
            "APPENDUID", "a1 OK [APPENDUID 38505 3955] APPEND completed\r\n",
            [tagged("a1", .ok, .appendUID(uidValidity: 38505, uids: SequenceSet(numbers: [3955])), "APPEND completed")]),
        ParserCase(
            "COPYUID ranges", "a1 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n",
            [
                tagged(
                    "a1", .ok,
                    .copyUID(
                        uidValidity: 38505, source: SequenceSet([SequenceRange(304), SequenceRange(319...320)]),
                        destination: SequenceSet([SequenceRange(3956...3958)])), "Done")
            ]),
        ParserCase(
            "CAPABILITY code", "* OK [CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN] ready\r\n",
            [okUntagged(.capability([Capability("IMAP4rev1"), .idle, .authPlain]), "ready")]),
        ParserCase(
            "BADCHARSET list", "a1 NO [BADCHARSET (UTF-8 \"US-ASCII\")] bad\r\n",
            [tagged("a1", .no, .badCharset(["UTF-8", "US-ASCII"]), "bad")]),
        ParserCase("BADCHARSET bare", "a1 NO [BADCHARSET] bad\r\n", [tagged("a1", .no, .badCharset([]), "bad")]),
        ParserCase("AUTHENTICATIONFAILED", "a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n", [tagged("a1", .no, .authenticationFailed, "Authentication failed.")]),
        ParserCase("UNAVAILABLE", "a1 NO [UNAVAILABLE] try later\r\n", [tagged("a1", .no, .unavailable, "try later")]),
        ParserCase("NONEXISTENT", "a1 NO [NONEXISTENT] Unknown\r\n", [tagged("a1", .no, .nonExistent, "Unknown")]),
        ParserCase("ALREADYEXISTS", "a1 NO [ALREADYEXISTS] exists\r\n", [tagged("a1", .no, .alreadyExists, "exists")]),
        ParserCase("CANNOT", "a1 NO [CANNOT] Character not allowed\r\n", [tagged("a1", .no, .cannot, "Character not allowed")]),
        ParserCase("OVERQUOTA", "a1 NO [OVERQUOTA] full\r\n", [tagged("a1", .no, .overQuota, "full")]),
        ParserCase("CLOSED", "* OK [CLOSED] Previous mailbox closed.\r\n", [okUntagged(.closed, "Previous mailbox closed.")]),
        ParserCase("MODIFIED", "a1 OK [MODIFIED 7,9] Conditional STORE failed\r\n", [tagged("a1", .ok, .modified(SequenceSet([SequenceRange(7), SequenceRange(9)])), "Conditional STORE failed")]),
        ParserCase("UIDNOTSTICKY", "* NO [UIDNOTSTICKY] Non-persistent UIDs\r\n", [untagged(.status(.no, ResponseText(code: .uidNotSticky, text: "Non-persistent UIDs")))]),
        ParserCase("PARSE", "* NO [PARSE] bad header\r\n", [untagged(.status(.no, ResponseText(code: .parse, text: "bad header")))]),
        ParserCase("unknown code with argument", "* OK [XFOO bar baz] hi\r\n", [okUntagged(.other(name: "XFOO", argument: "bar baz"), "hi")]),
        ParserCase("unknown code without argument", "* OK [XBAR] hi\r\n", [okUntagged(.other(name: "XBAR", argument: nil), "hi")]),
        ParserCase("malformed known code kept as other", "* OK [UIDNEXT abc] hi\r\n", [okUntagged(.other(name: "UIDNEXT", argument: "abc"), "hi")]),
        ParserCase("code without text", "a1 OK [READ-WRITE]\r\n", [tagged("a1", .ok, .readWrite, "")]),
        ParserCase("untagged OK bare", "* OK\r\n", [okUntagged(nil, "")]),
        ParserCase("BYE", "* BYE Logging out\r\n", [untagged(.bye(ResponseText(text: "Logging out")))]),
        ParserCase("PREAUTH", "* PREAUTH [CAPABILITY IMAP4rev1] welcome\r\n", [untagged(.preauth(ResponseText(code: .capability([.imap4rev1]), text: "welcome")))]),
        ParserCase("Dovecot greeting", "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n",
            [okUntagged(.capability(["IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE", "LITERAL+", "AUTH=PLAIN", "AUTH=LOGIN"].map(Capability.init)), "Dovecot (Debian) ready.")]),
        ParserCase("continuation with text", "+ idling\r\n", [.response(.continuation(bytes("idling")))]),
        ParserCase("continuation empty", "+ \r\n", [.response(.continuation([]))]),
        ParserCase("continuation without space", "+\r\n", [.response(.continuation([]))]),
        ParserCase("continuation base64", "+ YmFzZTY0\r\n", [.response(.continuation(bytes("YmFzZTY0")))]),
        ParserCase("UTF-8 text", "a1 NO 사서함이 없습니다\r\n", [tagged("a1", .no, "사서함이 없습니다")]),
        // Found by the fuzzer: a flag list cut off by "]" made the flag reader index past the end.
        ParserCase("fuzz regression: flag list cut by bracket", "* OK [PERMANENTFLAGS (\\Answered ]Flagged \\ \\*)] Flags permitted.\r\n",
            [okUntagged(.other(name: "PERMANENTFLAGS", argument: "(\\Answered "), "Flagged \\ \\*)] Flags permitted.")]),
        ParserCase("two responses in one chunk", "* OK a\r\na1 OK b\r\n", [okUntagged(nil, "a"), tagged("a1", .ok, "b")]),
    ]

    @Test(arguments: cases) func decodes(_ testCase: ParserCase) { testCase.run() }
}
