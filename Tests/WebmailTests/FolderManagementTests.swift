import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// Folder management (issue 25) on the real Dovecot: make, rename and delete folders named as
/// offices name them (spaces, `+ % & # "`, Korean, nesting), the refusals with their codes, a
/// deleted folder's mail in Trash, 휴지통 비우기, 스팸 신고 / 스팸 아님 with their keywords.
/// An account of its own: emptying its Trash must not race another suite's mail.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct FolderManagementTests {
    static let user = "webmailtest-foldermgmt@zioinfo.co.kr"

    /// A signed-in client of the app on the stack.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let headers: HTTPFields

        func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]? = nil) async throws -> TestResponse {
            let body = try json.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body)
        }

        func folderNames() async throws -> [String] {
            FolderNameRoutesTests.folderNames(try await call(.get, "/mail/folders").json["folders"])
        }

        func total(_ folder: String) async throws -> Int {
            let list = try await call(.get, "/mail/messages?folder=\(FolderNameRoutesTests.formEncoded(folder))&size=200")
            return list.json["total"] as? Int ?? -1
        }
    }

    static func withClient(_ body: @Sendable (Client) async throws -> Void) async throws {
        let configuration = try await FolderNameRoutesTests.account(user)
        try await buildApplication(configuration: configuration).test(.router) { client in
            let credentials = try JSONSerialization.data(withJSONObject: ["username": Self.user, "password": ComposeAccounts.password])
            let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(data: credentials))
            let token = try #require(login.json["access_token"] as? String, "\(login.text)")
            try await body(Client(client: client, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"]))
        }
    }

    /// Our own IMAP client on the account, to put mail in and look at keywords.
    static func imap() async throws -> IMAPConnection {
        let configuration = try await FolderNameRoutesTests.account(user)
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        return connection
    }

    static func mail(_ subject: String) -> [UInt8] {
        Array("From: a@example.com\r\nTo: \(user)\r\nSubject: \(subject)\r\nDate: Mon, 07 Dec 2026 09:00:00 +0900\r\n\r\nbody\r\n".utf8)
    }

    static func tag() -> String { String(UUID().uuidString.prefix(6)) }

    @Test func makeRenameAndDeleteFoldersNamedAsOfficesNameThem() async throws {
        let tag = Self.tag()
        let names = ["거래처 메일 \(tag)", "Sent Items \(tag)", "A+B & C% 50 \(tag)", "#긴급 \"따옴표\" 'x' \(tag)", "프로젝트 \(tag)/부산3D"]
        try await Self.withClient { api in
            for name in names {
                let made = try await api.call(.post, "/mail/folders", ["name": name])
                #expect(made.status == .created, "\(name): \(made.text)")
                #expect(made.json["name"] as? String == name, "\(made.text)")
                #expect(made.json["display_name"] as? String == name.split(separator: "/").last.map(String.init), "\(made.text)")
                let again = try await api.call(.post, "/mail/folders", ["name": name])
                #expect(again.status == .conflict && again.json["code"] as? String == "folder_exists", "\(name): \(again.text)")
            }
            let listed = try await api.folderNames()
            for name in names { #expect(listed.contains(name), "\(name) not listed: \(listed)") }
            // The missing parent of the nested one was made: the tree shows it where the user put it.
            #expect(listed.contains("프로젝트 \(tag)"), "\(listed)")

            for name in names {
                let renamed = name + " 새이름"
                let answer = try await api.call(.patch, "/mail/folders", ["name": name, "new_name": renamed])
                #expect(answer.status == .ok && answer.json["name"] as? String == renamed, "\(name): \(answer.text)")
                let gone = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded(name))")
                #expect(gone.status == .notFound && gone.json["code"] as? String == "folder_not_found", "\(gone.text)")
                let deleted = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded(renamed))")
                #expect(deleted.status == .ok, "\(renamed): \(deleted.text)")
            }
            _ = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded("프로젝트 \(tag)"))")
            let after = try await api.folderNames()
            #expect(!after.contains { $0.contains(tag) }, "\(after)")
        }
    }

    @Test func subFoldersFollowTheirFolderAndDeletingPutsAllTheirMailInTrash() async throws {
        let tag = Self.tag()
        try await Self.withClient { api in
            let parent = "프로젝트 \(tag)"
            #expect(try await api.call(.post, "/mail/folders", ["name": parent]).status == .created)
            let child = try await api.call(.post, "/mail/folders", ["name": "부산3D", "parent": parent])
            #expect(child.status == .created && child.json["name"] as? String == "\(parent)/부산3D", "\(child.text)")
            let slash = try await api.call(.post, "/mail/folders", ["name": "a/b", "parent": parent])
            #expect(slash.status == .badRequest && slash.json["code"] as? String == "invalid_folder_name", "\(slash.text)")
            let noParent = try await api.call(.post, "/mail/folders", ["name": "x", "parent": "없는 폴더 \(tag)"])
            #expect(noParent.status == .notFound, "\(noParent.text)")

            // Mail in both levels.
            let connection = try await Self.imap()
            _ = try await connection.append(Self.mail("parent \(tag)"), to: MailboxName(parent))
            _ = try await connection.append(Self.mail("child \(tag)"), to: MailboxName("\(parent)/부산3D"))
            _ = try await connection.append(Self.mail("child2 \(tag)"), to: MailboxName("\(parent)/부산3D"))
            await connection.logout()

            // Rename the parent: the child moves with it, mail and all.
            let renamed = "완료 \(tag)/\(parent)"
            let answer = try await api.call(.patch, "/mail/folders", ["name": parent, "new_name": renamed])
            #expect(answer.status == .ok && answer.json["total"] as? Int == 1, "\(answer.text)")
            let listed = try await api.folderNames()
            #expect(listed.contains("\(renamed)/부산3D") && !listed.contains(parent), "\(listed)")
            #expect(try await api.total("\(renamed)/부산3D") == 2)
            let intoItself = try await api.call(.patch, "/mail/folders", ["name": renamed, "new_name": "\(renamed)/부산3D/x"])
            #expect(intoItself.status == .badRequest && intoItself.json["code"] as? String == "invalid_folder_name", "\(intoItself.text)")

            // Delete the top: three folders go, their three messages are in Trash.
            let search = "/mail/messages?folder=Trash&q=\(tag)"
            let before = try await api.call(.get, search).json["total"] as? Int ?? -1
            let deleted = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded("완료 \(tag)"))")
            #expect(deleted.status == .ok, "\(deleted.text)")
            let what = deleted.json["deleted"] as? [String: Any]
            #expect(what?["folders"] as? [String] == ["\(renamed)/부산3D", renamed, "완료 \(tag)"], "\(deleted.text)")
            #expect(what?["trashed"] as? Int == 3 && what?["trash"] as? String == "Trash", "\(deleted.text)")
            #expect(try await api.call(.get, search).json["total"] as? Int == before + 3)
            #expect(!(try await api.folderNames()).contains { $0.contains(tag) })
        }
    }

    /// Another client's `CREATE a/b` leaves `a` as a bare level (Dovecot lists it `\NonExistent`); deleting `a` takes
    /// both, and the mail of `a/b` goes to Trash. A full path made through the API gets real parents.
    @Test func aBareHierarchyLevelIsDeletedWithItsSubFolders() async throws {
        let tag = Self.tag()
        let connection = try await Self.imap()
        try await connection.createMailbox(MailboxName("외부 \(tag)/하위"))
        _ = try await connection.append(Self.mail("bare \(tag)"), to: MailboxName("외부 \(tag)/하위"))
        let listed = try await connection.listMailboxes(pattern: "외부 \(tag)")
        #expect(listed.first?.isSelectable == false, "a bare level: \(listed)")
        try await Self.withClient { api in
            let deleted = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded("외부 \(tag)"))")
            #expect(deleted.status == .ok, "\(deleted.text)")
            #expect((deleted.json["deleted"] as? [String: Any])?["trashed"] as? Int == 1, "\(deleted.text)")
            #expect(!(try await api.folderNames()).contains { $0.contains(tag) })

            let deep = try await api.call(.post, "/mail/folders", ["name": "깊은 \(tag)/둘/셋"])
            #expect(deep.status == .created && deep.json["display_name"] as? String == "셋", "\(deep.text)")
            let parents = try await connection.listMailboxes(pattern: "깊은 \(tag)*")
            #expect(parents.count == 3 && parents.allSatisfy(\.isSelectable), "\(parents)")
            _ = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded("깊은 \(tag)"))")
        }
        await connection.logout()
    }

    @Test func specialFoldersAndBadNamesAreRefusedWithTheirCodes() async throws {
        try await Self.withClient { api in
            for special in ["INBOX", "Sent", "Drafts", "Trash", "Junk"] {
                let rename = try await api.call(.patch, "/mail/folders", ["name": special, "new_name": "\(special) 2"])
                #expect(rename.status == .badRequest && rename.json["code"] as? String == "special_folder", "\(special): \(rename.text)")
                let delete = try await api.call(.delete, "/mail/folders?name=\(special)")
                #expect(delete.status == .badRequest && delete.json["code"] as? String == "special_folder", "\(special): \(delete.text)")
            }
            for bad in ["", "   ", "a\u{1}b", "줄\n바꿈", String(repeating: "가", count: 86), "a//b", "/a", "a/"] {
                let made = try await api.call(.post, "/mail/folders", ["name": bad])
                #expect(made.status == .badRequest && made.json["code"] as? String == "invalid_folder_name", "\(bad.debugDescription): \(made.text)")
            }
            let inbox = try await api.call(.post, "/mail/folders", ["name": "inbox"])
            #expect(inbox.status == .conflict && inbox.json["code"] as? String == "folder_exists", "\(inbox.text)")
            let missing = try await api.call(.patch, "/mail/folders", ["name": "없는 폴더 \(Self.tag())", "new_name": "x"])
            #expect(missing.status == .notFound && missing.json["code"] as? String == "folder_not_found", "\(missing.text)")
            let noName = try await api.call(.delete, "/mail/folders")
            #expect(noName.status == .badRequest && noName.json["code"] as? String == "invalid_folder_name", "\(noName.text)")
            let notTrash = try await api.call(.post, "/mail/folders/empty", ["name": "INBOX"])
            #expect(notTrash.status == .badRequest && notTrash.json["code"] as? String == "folder_not_emptiable", "\(notTrash.text)")
            let taken = "겹침 \(Self.tag())"
            #expect(try await api.call(.post, "/mail/folders", ["name": taken]).status == .created)
            #expect(try await api.call(.post, "/mail/folders", ["name": taken + " 2"]).status == .created)
            let clash = try await api.call(.patch, "/mail/folders", ["name": taken, "new_name": taken + " 2"])
            #expect(clash.status == .conflict && clash.json["code"] as? String == "folder_exists", "\(clash.text)")
            for name in [taken, taken + " 2"] { _ = try await api.call(.delete, "/mail/folders?name=\(FolderNameRoutesTests.formEncoded(name))") }
        }
    }

    @Test func emptyingTrashAndJunkExpungesAllOfIt() async throws {
        let connection = try await Self.imap()
        for folder in ["Trash", "Junk"] {
            for index in 0..<3 { _ = try await connection.append(Self.mail("버릴 메일 \(index)"), to: MailboxName(folder)) }
        }
        try await Self.withClient { api in
            for folder in ["Trash", "Junk"] {
                let count = try await api.total(folder)
                #expect(count >= 3)
                let emptied = try await api.call(.post, "/mail/folders/empty", ["name": folder])
                #expect(emptied.status == .ok && emptied.json["expunged"] as? Int == count, "\(emptied.text)")
                #expect(try await api.total(folder) == 0)
            }
        }
        await connection.logout()
    }

    @Test func spamReportsMoveTheMailAndSetTheKeywords() async throws {
        let tag = Self.tag()
        let connection = try await Self.imap()
        let appended = try await connection.append(Self.mail("광고 \(tag)"), to: .inbox)
        let uid = try #require(appended.uid)
        try await Self.withClient { api in
            let reported = try await api.call(.post, "/mail/messages/spam", ["folder": "INBOX", "uids": [uid], "spam": true])
            #expect(reported.status == .ok, "\(reported.text)")
            let moved = try #require(reported.json["moved"] as? [String: Any], "\(reported.text)")
            #expect(moved["folder"] as? String == "Junk")
            let junkUID = try #require((moved["uids"] as? [Int])?.first, "\(reported.text)")
            let inJunk = try await connection.fetchSummaries(in: MailboxName("Junk"), uids: SequenceSet(numbers: [UInt32(junkUID)]))
            #expect(inJunk.first?.flags.contains(Flag("$Junk")) == true, "\(inJunk)")

            let notSpam = try await api.call(.post, "/mail/messages/spam", ["folder": "Junk", "uids": [junkUID], "spam": false])
            let back = try #require(notSpam.json["moved"] as? [String: Any], "\(notSpam.text)")
            #expect(back["folder"] as? String == "INBOX")
            let inboxUID = try #require((back["uids"] as? [Int])?.first, "\(notSpam.text)")
            let inInbox = try await connection.fetchSummaries(in: .inbox, uids: SequenceSet(numbers: [UInt32(inboxUID)]))
            let flags = inInbox.first?.flags ?? []
            #expect(flags.contains(Flag("$NotJunk")) && !flags.contains(Flag("$Junk")), "\(flags)")
            _ = try await api.call(.delete, "/mail/messages/\(inboxUID)?folder=INBOX")
        }
        await connection.logout()
    }
}
