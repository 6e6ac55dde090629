import Foundation
import Testing
@testable import MIME

/// CPython's own `email` test messages, read by our parser and compared with what CPython 3.11
/// (policy=default) reports in `expected.json`.
@Suite struct CPythonCorpusTests {
    struct Expected: Decodable {
        struct Part: Decodable {
            let type: String
            let filename: String?
        }
        let subject: String?
        let from: [[String]]
        let to: [[String]]
        let is_multipart: Bool
        let parts: [Part]
    }

    static let folder = "cpython-email"

    static func expectations() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(Fixtures.bytes("\(folder)/expected.json")))
    }

    static var messageNames: [String] {
        (try? Fixtures.files(in: folder, withExtension: ".txt")) ?? []
    }

    /// Messages whose addresses are written `addr (Full Name)`: we show the comment as the
    /// display name (as Thunderbird and Outlook do); CPython's policy=default drops comments.
    static let commentNames: Set<String> = [
        "msg_01.txt", "msg_03.txt", "msg_04.txt", "msg_06.txt", "msg_14.txt", "msg_20.txt",
        "msg_27.txt", "msg_29.txt", "msg_44.txt",
    ]

    /// message/delivery-status and message/external-body are leaves for us and for IMAP
    /// BODYSTRUCTURE; CPython parses their bodies as pseudo-messages (one per header block).
    /// Per message: how many CPython-only entries follow each such part in its walk.
    static let cpythonPseudoParts: [String: [Int]] = [
        "msg_16.txt": [2], "msg_43.txt": [26], "msg_36.txt": [1, 1],
    ]

    /// msg_37 has back-to-back delimiters. RFC 2046 makes each an (empty) body part and IMAP
    /// servers number them as parts, so we keep them; CPython drops empty parts.
    static let keepsEmptyParts: Set<String> = ["msg_37.txt"]

    /// msg_43's `From: MAILER DAEMON <>`: the null path is the empty address for us; CPython
    /// reports the literal "<>".
    static let nullPathAddress: Set<String> = ["msg_43.txt"]

    /// The walk CPython's `Message.walk()` does: the part, its children, a nested message's root.
    static func walk(_ part: MIMEPart) -> [Expected.Part] {
        var result = [Expected.Part(type: part.contentType.mimeType, filename: part.filename)]
        for child in part.children { result += walk(child) }
        if let nested = part.message { result += walk(nested.root) }
        return result
    }

    static func emptyPartsRemoved(_ part: MIMEPart) -> [MIMEPart] {
        part.children.filter { !($0.header.fields.isEmpty && ASCII.trimmed($0.body).isEmpty) }
    }

    static func withoutPseudoParts(_ parts: [Expected.Part], name: String) -> [Expected.Part] {
        guard var skips = cpythonPseudoParts[name] else { return parts }
        var result: [Expected.Part] = []
        var skipping = 0
        for part in parts {
            if skipping > 0 { skipping -= 1; continue }
            result.append(part)
            if part.type == "message/delivery-status" || part.type == "message/external-body", !skips.isEmpty {
                skipping = skips.removeFirst()
            }
        }
        return result
    }

    static func addresses(_ list: [MailAddress], name: String) -> [[String]] {
        list.map { address in
            let shownName = commentNames.contains(name) ? "" : address.name
            let email = nullPathAddress.contains(name) && address.email.isEmpty ? "<>" : address.email
            return [shownName, email]
        }
    }

    @Test(arguments: messageNames)
    func agreesWithCPython(name: String) throws {
        let expectations = try Self.expectations()
        let expected = try #require(expectations[name])
        let message = MIMEMessage(try Fixtures.bytes("\(Self.folder)/\(name)"))
        #expect(message.subject == expected.subject, "\(name) subject")
        #expect(Self.addresses(message.from, name: name) == expected.from, "\(name) from")
        #expect(Self.addresses(message.to, name: name) == expected.to, "\(name) to")
        if Self.commentNames.contains(name) {
            #expect(message.from.allSatisfy { !$0.name.isEmpty }, "\(name): comment shown as name")
        }
        // CPython calls a message/rfc822 container "multipart" (its payload is a list).
        #expect((message.root.isMultipart || message.root.message != nil) == expected.is_multipart, "\(name) is_multipart")
        var ours = Self.walk(message.root)
        if Self.keepsEmptyParts.contains(name) {
            let kept = Self.emptyPartsRemoved(message.root)
            #expect(kept.count < message.root.children.count, "\(name): empty parts kept")
            ours = [ours[0]] + kept.flatMap(Self.walk)
        }
        let theirs = Self.withoutPseudoParts(expected.parts, name: name)
        #expect(ours.map(\.type) == theirs.map(\.type), "\(name) part types")
        #expect(ours.map(\.filename) == theirs.map(\.filename), "\(name) filenames")
        #expect(!message.isTruncated)
    }
}
