import Foundation
import IMAP
import Testing

/// UID THREAD against the real Dovecot: it offers REFERENCES and REFS, and the trees it sends
/// are the conversations the headers describe.
@Suite(.enabled(if: MailStack.shouldRun), .serialized)
struct ThreadIntegrationTests {
    let credentials: IMAPCredentials

    init() throws { credentials = try MailStack.account("imaptest-thread") }

    static func mail(_ subject: String, id: String, replyTo parents: [String] = [], date: String) -> [UInt8] {
        var header = "From: Tester <tester@example.com>\r\nTo: someone@example.com\r\nSubject: \(subject)\r\n"
        header += "Date: \(date)\r\nMessage-ID: <\(id)>\r\n"
        if let last = parents.last {
            header += "In-Reply-To: <\(last)>\r\nReferences: \(parents.map { "<\($0)>" }.joined(separator: " "))\r\n"
        }
        return Array((header + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n").utf8)
    }

    @Test func threadsByReferencesAndOffersTheAlgorithms() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Thread-\(tag)")
        try await withLoggedInConnection(credentials) { connection in
            let offered = await connection.capabilities
            #expect(offered.threadAlgorithms.isSuperset(of: [.references, .refs]))
            try await connection.createMailbox(folder)
            var uids: [UInt32] = []
            let messages = [
                Self.mail("회의", id: "a-\(tag)@x", date: "Mon, 2 Mar 2026 09:00:00 +0900"),
                Self.mail("Re: 회의", id: "b-\(tag)@x", replyTo: ["a-\(tag)@x"], date: "Mon, 2 Mar 2026 10:00:00 +0900"),
                // The same subject months later, no References: another conversation.
                Self.mail("회의", id: "c-\(tag)@x", date: "Mon, 7 Sep 2026 09:00:00 +0900"),
                Self.mail("Re: 회의", id: "d-\(tag)@x", replyTo: ["a-\(tag)@x", "b-\(tag)@x"], date: "Mon, 2 Mar 2026 11:00:00 +0900"),
            ]
            for message in messages {
                uids.append(try #require(try await connection.append(message, to: folder).uid))
            }
            let refs = try await connection.thread(in: folder, algorithm: .refs)
            #expect(refs.uidValidity != nil)
            let refsGroups = Set(refs.trees.map { Set($0.uids) })
            #expect(refsGroups == [Set([uids[0], uids[1], uids[3]]), Set([uids[2]])])
            // The chain a → b → d, as parent links.
            let chain = try #require(refs.trees.first { $0.uids.contains(uids[0]) })
            let parentOf = Dictionary(uniqueKeysWithValues: chain.nodes.compactMap { node in
                node.uid.map { ($0, node.parent.flatMap { chain.nodes[$0].uid }) }
            })
            #expect(parentOf[uids[1]] == uids[0])
            #expect(parentOf[uids[3]] == uids[1])
            let references = try await connection.thread(in: folder, algorithm: .references)
            #expect(references.trees.flatMap(\.uids).sorted() == uids.sorted())
            // The headers a client threads new mail with.
            let headers = try await connection.fetchHeaderFields(
                in: folder, uids: SequenceSet(numbers: [uids[3]]), fields: ["MESSAGE-ID", "IN-REPLY-TO", "REFERENCES"])
            let text = String(decoding: try #require(headers[uids[3]]), as: UTF8.self)
            #expect(text.contains("In-Reply-To: <b-\(tag)@x>"))
            #expect(text.contains("References: <a-\(tag)@x> <b-\(tag)@x>"))
            try await connection.deleteMailbox(folder)
        }
    }
}
