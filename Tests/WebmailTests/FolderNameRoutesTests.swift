import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// Folder names as offices really have them — a space (`거래처 메일`, Outlook's `Sent Items`),
/// `+`, `%`, `&`, `#`, quotes, Korean, nesting — through every route a folder name travels, on
/// the real Dovecot, with the query string written as a browser's `URLSearchParams` writes it
/// (a space as `+`). Before `FormQuery`, a folder with a space could not be opened and a search
/// with a space found nothing (issue 25, bug 1).
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct FolderNameRoutesTests {
    static let user = "webmailtest-folders@zioinfo.co.kr"
    static let names = ["거래처 메일", "Sent Items", "A+B & C% 50", "#긴급 \"따옴표\" 'x'", "프로젝트/부산3D"]

    /// `URLSearchParams` encoding: unreserved characters stay, a space is `+`, the rest is `%XX`.
    static func formEncoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "*-._")
        return value.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
    }

    static func account(_ user: String = user) async throws -> WebmailConfiguration {
        try await ComposeAccounts.account(user)
    }

    /// Each folder made afresh with one mail in it, over our own IMAP client.
    static func fill(_ configuration: WebmailConfiguration, tag: String) async throws {
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        for name in names {
            try? await connection.deleteMailbox(MailboxName(name))
            if name.contains("/") { try? await connection.createMailbox(MailboxName(String(name.split(separator: "/")[0]))) }
            try await connection.createMailbox(MailboxName(name))
            let mail = """
                From: 김민수 <minsu@example.com>\r
                To: \(user)\r
                Subject: =?UTF-8?B?\(Data("회의 일정 안내 \(tag)".utf8).base64EncodedString())?=\r
                Date: Sun, 06 Dec 2026 09:00:00 +0900\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                다음 주 회의 일정을 안내드립니다.\r

                """
            _ = try await connection.append(Array(mail.utf8), to: MailboxName(name))
        }
        await connection.logout()
    }

    @Test func everyRouteAcceptsTheFolderAsTheBrowserSendsIt() async throws {
        let configuration = try await Self.account()
        let tag = String(UUID().uuidString.prefix(8))
        try await Self.fill(configuration, tag: tag)
        try await buildApplication(configuration: configuration).test(.router) { client in
            let body = try JSONSerialization.data(withJSONObject: ["username": Self.user, "password": ComposeAccounts.password])
            let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
            let token = try #require(login.json["access_token"] as? String, "\(login.text)")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

            let folders = try await client.execute(uri: "/mail/folders", method: .get, headers: auth)
            let listed = Self.folderNames(folders.json["folders"])
            for name in Self.names { #expect(listed.contains(name), "\(name) not in /mail/folders: \(listed)") }

            var uids: [String: Int] = [:]
            for name in Self.names {
                let folder = Self.formEncoded(name)
                // List, and search with a space (all words, in any order).
                for query in ["", "&q=" + Self.formEncoded("회의 \(tag)"), "&q=" + Self.formEncoded("\(tag) 안내")] {
                    let list = try await client.execute(uri: "/mail/messages?folder=\(folder)\(query)", method: .get, headers: auth)
                    #expect(list.status == .ok, "\(name) \(query): \(list.text)")
                    #expect((list.json["messages"] as? [[String: Any]])?.count == 1, "\(name) \(query): \(list.text)")
                }
                let none = try await client.execute(uri: "/mail/messages?folder=\(folder)&q=" + Self.formEncoded("회의 없는말"), method: .get, headers: auth)
                #expect(none.json["total"] as? Int == 0, "\(name): \(none.text)")
                let list = try await client.execute(uri: "/mail/messages?folder=\(folder)", method: .get, headers: auth)
                let uid = try #require((list.json["messages"] as? [[String: Any]])?.first?["uid"] as? Int, "\(name): \(list.text)")
                uids[name] = uid

                // Show, flags, raw.
                let shown = try await client.execute(uri: "/mail/messages/\(uid)?folder=\(folder)", method: .get, headers: auth)
                #expect(shown.json["subject"] as? String == "회의 일정 안내 \(tag)", "\(name): \(shown.text)")
                let patched = try await client.execute(uri: "/mail/messages/\(uid)?folder=\(folder)", method: .patch, headers: auth,
                                                       body: ByteBuffer(string: #"{"flagged":true}"#))
                #expect(patched.status == .ok, "\(name): \(patched.text)")
                let flagged = try await client.execute(uri: "/mail/messages?folder=\(folder)&flagged=1", method: .get, headers: auth)
                #expect(flagged.json["total"] as? Int == 1, "\(name): \(flagged.text)")
                let raw = try await client.execute(uri: "/mail/messages/\(uid)/raw?folder=\(folder)", method: .get, headers: auth)
                #expect(raw.status == .ok, "\(name): \(raw.text)")
            }

            // Move (folder names in a JSON body): each folder's mail to the next folder.
            for (index, name) in Self.names.enumerated() {
                let target = Self.names[(index + 1) % Self.names.count]
                let move = try JSONSerialization.data(withJSONObject: ["folder": name, "uids": [uids[name] ?? 0], "to": target])
                let moved = try await client.execute(uri: "/mail/messages/move", method: .post, headers: auth, body: ByteBuffer(data: move))
                #expect(moved.status == .ok, "\(name) → \(target): \(moved.text)")
                // Where it went, with its new UID there: what an undo needs.
                let movedTo = moved.json["moved"] as? [String: Any]
                #expect(movedTo?["folder"] as? String == target && (movedTo?["uids"] as? [Int])?.count == 1, "\(moved.text)")
            }
            // Each folder now holds only the mail moved in from the one before it; delete it (to Trash).
            for name in Self.names {
                let list = try await client.execute(uri: "/mail/messages?folder=\(Self.formEncoded(name))", method: .get, headers: auth)
                let messages = list.json["messages"] as? [[String: Any]] ?? []
                #expect(messages.count == 1, "\(name) after the moves: \(list.text)")
                let uid = try #require(messages.first?["uid"] as? Int, "\(name): \(list.text)")
                #expect(uid != uids[name], "\(name) still has its own mail")
                let deleted = try await client.execute(uri: "/mail/messages/\(uid)?folder=\(Self.formEncoded(name))", method: .delete, headers: auth)
                #expect(deleted.status == .ok, "\(name): \(deleted.text)")
                let inTrash = try #require(deleted.json["moved"] as? [String: Any], "\(deleted.text)")
                #expect(inTrash["folder"] as? String == "Trash")
                let trashUIDs = try #require(inTrash["uids"] as? [Int], "\(deleted.text)")

                // Undo: back from Trash with the UIDs the delete answered; then delete for good.
                let back = try JSONSerialization.data(withJSONObject: ["folder": "Trash", "uids": trashUIDs, "to": name])
                let undone = try await client.execute(uri: "/mail/messages/move", method: .post, headers: auth, body: ByteBuffer(data: back))
                #expect(undone.status == .ok, "\(name): \(undone.text)")
                let restored = try await client.execute(uri: "/mail/messages?folder=\(Self.formEncoded(name))", method: .get, headers: auth)
                let again = try #require((restored.json["messages"] as? [[String: Any]])?.first?["uid"] as? Int, "\(name): \(restored.text)")
                let redeleted = try await client.execute(uri: "/mail/messages/\(again)?folder=\(Self.formEncoded(name))", method: .delete, headers: auth)
                let trashUID = try #require(((redeleted.json["moved"] as? [String: Any])?["uids"] as? [Int])?.first, "\(redeleted.text)")
                let expunged = try await client.execute(uri: "/mail/messages/\(trashUID)?folder=Trash", method: .delete, headers: auth)
                #expect(expunged.status == .ok && expunged.json["moved"] == nil, "\(expunged.text)")
            }
        }
    }

    /// Every folder's name in /mail/folders' tree.
    static func folderNames(_ tree: Any?) -> [String] {
        (tree as? [[String: Any]] ?? []).flatMap { folder in
            [folder["name"] as? String ?? ""] + folderNames(folder["children"])
        }
    }
}
