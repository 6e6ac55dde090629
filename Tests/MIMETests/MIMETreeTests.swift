import Testing
@testable import MIME

/// The part tree: IMAP section numbers, boundaries, defaults, and which parts become bodies.
@Suite struct MIMETreeTests {
    static func message(_ text: String) -> MIMEMessage {
        MIMEMessage(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    @Test func sectionsFollowIMAPNumbering() {
        let message = Self.message("""
        Subject: sections
        Content-Type: multipart/mixed; boundary=a

        --a
        Content-Type: text/plain

        one
        --a
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/plain

        two-one
        --b
        Content-Type: text/html

        <p>two-two</p>
        --b--
        --a
        Content-Type: message/rfc822

        Subject: inner single

        inner body
        --a
        Content-Type: message/rfc822

        Subject: inner multi
        Content-Type: multipart/mixed; boundary=c

        --c

        four-one
        --c
        Content-Type: application/pdf
        Content-Disposition: attachment; filename=a.pdf

        %PDF
        --c--
        --a--
        """)
        let sections = message.root.allParts.map(\.section)
        #expect(sections == ["TEXT", "1", "2", "2.1", "2.2", "3", "3.1", "4", "4.TEXT", "4.1", "4.2"])
        let single = MIMEMessage(Array("Subject: x\r\n\r\nbody".utf8))
        #expect(single.root.section == "1")
        #expect(single.attachments.isEmpty)
    }

    @Test func preambleEpilogueAndMissingCloseDelimiter() {
        let message = Self.message("""
        Content-Type: multipart/mixed; boundary="x y"

        preamble line
        --x y
        Content-Type: text/plain

        first
        --x y--
        epilogue line
        """)
        #expect(message.root.children.count == 1)
        #expect(message.root.preamble.map { String(decoding: $0, as: UTF8.self) } == "preamble line")
        #expect(message.root.epilogue.map { String(decoding: $0, as: UTF8.self) } == "epilogue line")
        let unclosed = Self.message("""
        Content-Type: multipart/mixed; boundary=z

        --z

        a
        --z

        b
        """)
        #expect(unclosed.root.children.count == 2)
        #expect(unclosed.root.children[1].text == "b")
        #expect(unclosed.root.epilogue == nil)
        #expect(!unclosed.isTruncated)
    }

    @Test func boundaryLookalikesAreNotDelimiters() {
        let message = Self.message("""
        Content-Type: multipart/mixed; boundary=abc

        --abc

        text with --abc inside and
        --abcdef is another boundary
        --abc--
        """)
        #expect(message.root.children.count == 1)
        #expect(message.textBody == "text with --abc inside and\r\n--abcdef is another boundary")
    }

    @Test func digestChildrenDefaultToMessages() {
        let message = Self.message("""
        Content-Type: multipart/digest; boundary=d

        --d

        Subject: first digest entry

        hello
        --d--
        """)
        let part = message.root.children[0]
        #expect(part.contentType.mimeType == "message/rfc822")
        #expect(part.message?.subject == "first digest entry")
    }

    @Test func alternativePicksLastOfEachKindAndRelatedRoot() {
        let message = Self.message("""
        Content-Type: multipart/alternative; boundary=alt

        --alt
        Content-Type: text/plain

        plain one
        --alt
        Content-Type: text/enriched

        enriched
        --alt
        Content-Type: text/plain

        plain two
        --alt
        Content-Type: multipart/related; boundary=rel; start="<root@x>"

        --rel
        Content-Type: image/gif
        Content-ID: <img@x>

        GIF89a
        --rel
        Content-Type: text/html
        Content-ID: <root@x>

        <b>rich</b>
        --rel--
        --alt--
        """)
        let content = message.content
        #expect(content.text == "plain two")
        #expect(content.html == "<b>rich</b>")
        #expect(content.attachments.map(\.section) == ["4.1"])
        #expect(content.attachments.first?.isInline == true)
        #expect(content.attachments.first?.contentID == "img@x")
    }

    @Test func mixedKeepsLaterTextPartsAsAttachments() {
        let message = Self.message("""
        Content-Type: multipart/mixed; boundary=m

        --m
        Content-Type: text/plain

        the body
        --m
        Content-Type: text/plain
        Content-Disposition: inline

        a second inline text
        --m
        Content-Type: text/html; name="page.html"
        Content-Disposition: attachment

        <p>file</p>
        --m--
        """)
        let content = message.content
        #expect(content.text == "the body")
        #expect(content.html == nil)
        #expect(content.attachments.map(\.section) == ["2", "3"])
        #expect(content.attachments.map(\.filename) == ["part-2.txt", "page.html"])
    }

    @Test func htmlOnlyDerivesText() {
        let message = Self.message("""
        Content-Type: text/html; charset=utf-8

        <html><head><style>p { color: red }</style><title>t</title></head>
        <body><p>첫 줄&nbsp;&amp;&#44608;</p><p>둘째<br>셋째</p><script>alert(1)</script></body></html>
        """)
        #expect(message.textBody == "첫 줄 &김\n\n둘째\n셋째")
    }

    @Test func headersUnfoldRepeatAndIgnoreCase() {
        let message = Self.message("""
        From mbox-line Wed Nov 25 01:00:00 2026
        Received: from a
        \tby b
        received: from c
        SUBJECT: folded
          subject
        X-Empty:
        Subject : second subject is ignored

        body
        """)
        #expect(message.header.values("Received") == ["from a\tby b", "from c"])
        #expect(message.subject == "folded  subject")
        #expect(message.header["x-empty"] == "")
        #expect(message.header.contains("subject"))
        let parsed = MIMEHeader(parsing: Array("A: 1\r\nB: 2\r\n\r\nignored: body".utf8))
        #expect(parsed.fields.map(\.name) == ["A", "B"])
    }

    @Test func missingHeaderBodySeparator() {
        let message = Self.message("""
        Subject: no blank line
        this line starts the body
        and this continues it
        """)
        #expect(message.subject == "no blank line")
        #expect(message.textBody == "this line starts the body\r\nand this continues it")
    }

    @Test func encodedMessagePartsStayLeaves() {
        let message = Self.message("""
        Content-Type: multipart/mixed; boundary=e

        --e
        Content-Type: message/rfc822
        Content-Transfer-Encoding: base64

        U3ViamVjdDogaGkKCmJvZHkK
        --e--
        """)
        let part = message.root.children[0]
        #expect(part.message == nil)
        #expect(String(decoding: part.decodedBody, as: UTF8.self) == "Subject: hi\n\nbody\n")
        #expect(message.attachments.first?.filename == "forwarded message.eml")
    }

    @Test func emptyAndGarbageInputNeverCrash() {
        for input: [UInt8] in [[], [0x0A], [0x0D, 0x0A, 0x0D, 0x0A], Array("Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n".utf8),
                              Array(repeating: 0xFF, count: 1000), Array("=?".utf8), Array(":\r\n:".utf8)] {
            let message = MIMEMessage(input)
            _ = (message.subject, message.from, message.date, message.content, message.root.allParts.map(\.text))
        }
    }
}
