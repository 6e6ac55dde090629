import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

/// `POST /contacts/import`, `GET /contacts/export` and `GET /contacts/directory`: over HTTP (the
/// state store on SQLite), and the importer with the export on both engines of the state store.
@Suite struct ContactFilesAPITests {
    typealias Routes = InMemoryRouteTests
    typealias Files = ContactFileReaderTests

    static func upload(_ client: some TestClientProtocol, _ data: [UInt8], filename: String, token: String) async throws -> TestResponse {
        var form = MultipartFormBody()
        form.file("file", filename: filename, contentType: "text/csv", data: data)
        return try await client.execute(uri: "/contacts/import", method: .post,
                                        headers: [.authorization: "Bearer \(token)", .contentType: form.contentType], body: form.buffer)
    }

    @Test func anOutlookCSVInCP949IsImportedMergedOnASecondImportAndExportedBoth() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let first = try await Self.upload(client, try Files.fixture("outlook-ko-cp949.csv"), filename: "연락처.csv", token: token)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["imported"] as? Int == 2 && first.json["merged"] as? Int == 0, "\(first.text)")
            let skipped = try #require(first.json["skipped"] as? [[String: Any]])
            #expect(skipped.map { $0["line"] as? Int } == [5], "\(first.text)")

            let listed = try await Routes.call(client, .get, "/contacts?q=%E3%85%8E%E3%85%87%E3%85%8C", token: token) // ㅎㅇㅌ
            let hong = try #require((listed.json["contacts"] as? [[String: Any]])?.first, "\(listed.text)")
            #expect(hong["name"] as? String == "홍영태" && hong["department"] as? String == "정보화팀" && hong["memo"] as? String == "점심은\n월요일")
            let groups = try await Routes.call(client, .get, "/contacts/groups", token: token)
            #expect((groups.json["groups"] as? [[String: Any]])?.map { "\($0["name"] ?? "")=\($0["count"] ?? "")" } == ["거래처=2", "정보화팀=1"])

            // The same people from a phone: merged by address, nothing overwritten, the new phone added.
            let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:홍 책임\r\nEMAIL:YTHONG@zioinfo.co.kr\r\nTEL:010-0000-1111\r\nTITLE:수석\r\nEND:VCARD\r\n"
            let second = try await Self.upload(client, Array(card.utf8), filename: "phone.vcf", token: token)
            #expect(second.json["imported"] as? Int == 0 && second.json["merged"] as? Int == 1, "\(second.text)")
            let merged = try await Routes.call(client, .get, "/contacts/\(hong["id"] as? String ?? "")", token: token)
            #expect(merged.json["name"] as? String == "홍영태" && merged.json["title"] as? String == "책임")
            #expect(merged.json["phones"] as? [String] == ["02-123-4567", "010-1234-5678", "010-0000-1111"], "\(merged.text)")

            for (format, type) in [("vcf", "text/vcard; charset=utf-8"), ("csv", "text/csv; charset=utf-8")] {
                let export = try await Routes.call(client, .get, "/contacts/export?format=\(format)", token: token)
                #expect(export.status == .ok && export.headers[.contentType] == type)
                #expect(export.headers[.contentDisposition] == "attachment; filename=\"___.\(format)\"; filename*=UTF-8''%EC%A3%BC%EC%86%8C%EB%A1%9D.\(format)")
                #expect(export.text.contains("홍영태") && export.text.contains("김철수"))
                let again = try await Self.upload(client, Array(export.body.readableBytesView), filename: "주소록.\(format)", token: token)
                #expect(again.json["imported"] as? Int == 0 && again.json["merged"] as? Int == 2, "\(format): \(again.text)")
            }
            let total = try await Routes.call(client, .get, "/contacts", token: token)
            #expect(total.json["total"] as? Int == 2)
        }
    }

    @Test func badImportsAreRefusedWithTheirCodes() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let unknown = try await Self.upload(client, Array("a,b\n1,2\n".utf8), filename: "x.csv", token: token)
            #expect(unknown.status == .badRequest && unknown.json["code"] as? String == "import_unrecognized", "\(unknown.text)")
            let big = try await Self.upload(client, Array(repeating: 0x41, count: ContactImporter.maxFileBytes + 1), filename: "big.csv", token: token)
            #expect(big.status == .contentTooLarge && big.json["code"] as? String == "file_too_large", "\(big.text)")
            let notForm = try await Routes.call(client, .post, "/contacts/import", token: token, json: ["file": "x"])
            #expect(notForm.status == .badRequest && notForm.json["code"] as? String == "invalid_form")
            let format = try await Routes.call(client, .get, "/contacts/export?format=xls", token: token)
            #expect(format.status == .badRequest && format.json["code"] as? String == "invalid_parameter")
        }
    }

    @Test func theCompanyDirectoryIsListedAndSearched() async throws {
        let state = try TemporaryDirectory()
        let file = state.path + "/directory.csv"
        try "이름,이메일,부서,직함,전화\n홍영태,ythong@zioinfo.co.kr,정보화팀,책임,1234\n김철수,cskim@zioinfo.co.kr,영업부,대리,\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fixture = try Routes.Fixture()
        let app = try await buildApplication(configuration: makeTestConfiguration(stateDir: state.path) { $0.directoryFile = file },
                                             dependencies: WebmailDependencies(inMemory: fixture.store, outgoing: fixture.outgoing))
        try await app.test(.router) { client in
            let token = try await Routes.login(client)
            let all = try await Routes.call(client, .get, "/contacts/directory", token: token)
            #expect(all.json["total"] as? Int == 2, "\(all.text)")
            let found = try await Routes.call(client, .get, "/contacts/directory?q=%E3%85%8E%E3%85%87", token: token) // ㅎㅇ
            #expect((found.json["entries"] as? [[String: Any]])?.map { $0["email"] as? String } == ["ythong@zioinfo.co.kr"], "\(found.text)")
        }
    }

    @Test(arguments: TestEngine.available)
    func importsMergeAndExportsReadBackOnBothEngines(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let contacts = ContactStore(store: try fixture.makeStore())
            let importer = ContactImporter(contacts: contacts)
            let owner = ContactStoreTests.owner
            _ = try await contacts.create(ContactFields(name: "", emails: ["JSPARK@naver.com"], company: "원래 회사"), owner: owner)
            let report = try await importer.run(try #require(Files.parse(try Files.fixture("naver.csv"))), owner: owner)
            #expect(report.imported == 1 && report.merged == 1) // 최민수 kept by name, without the bad address
            #expect(report.skipped.map(\.line) == [4, 5], "\(report.skipped)")
            let park = try #require(try await contacts.candidates(owner: owner, query: "박지성", group: nil).first)
            #expect(park.name == "박지성" && park.company == "원래 회사" && park.memo == "여러 줄\n메모, 쉼표" && park.groups.count == 1)

            for file in ["vcard3-korean-photo.vcf", "vcard4.vcf", "vcard21-qp.vcf", "gmail.csv"] {
                _ = try await importer.run(try #require(Files.parse(try Files.fixture(file))), owner: owner)
            }
            let all = try await contacts.candidates(owner: owner, query: "", group: nil)
            #expect(all.count == 8, "\(all.map(\.name))")
            let names = Dictionary(try await contacts.groups(owner: owner).map { ($0.id, $0.name) }) { first, _ in first }
            for text in [VCardWriter.write(all, groupNames: names), ContactCSVWriter.write(all, groupNames: names)] {
                let back = try #require(Files.parse(Array(text.utf8)))
                #expect(back.map(\.name) == all.map(\.name) && back.map(\.emails) == all.map(\.emails) && back.map(\.memo) == all.map(\.memo))
                #expect(back.map(\.groups) == all.map { $0.groups.compactMap { names[$0] } })
            }
        }
    }
}
