import Foundation
import Testing
@testable import MIME

/// Every message `MessageBuilder` makes is read back by our parser and by CPython's `email`
/// (policy=default, via `Tests/Fixtures/mime/python_email_reader.py`); both must see the same
/// subject, addresses, bodies and filenames. python3 is always present on these machines.
@Suite struct PythonRoundTripTests {
    struct PythonView: Decodable {
        let subject: String?
        let from: [[String]]
        let to: [[String]]
        let cc: [[String]]
        let text: String?
        let html: String?
        let filenames: [String]
        let defects: [String]
    }

    static func builders() -> [(String, MessageBuilder)] {
        var plain = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"), messageIDDomain: "zioinfo.co.kr")
        plain.to = [MailAddress(email: "info@zioinfo.co.kr")]
        plain.subject = "Plain ASCII subject"
        plain.text = "Hello.\nSecond line.\n"

        var korean = MessageBuilder(from: MailAddress(name: "홍길동", email: "ythong@zioinfo.co.kr"))
        korean.to = [MailAddress(name: "김영희, 팀장", email: "yhkim@example.com"), MailAddress(name: "O'Brien \"Bob\"", email: "bob@example.com")]
        korean.cc = [MailAddress(name: "똠햏뷁 테스트", email: "cc@example.com")]
        korean.bcc = [MailAddress(email: "hidden@example.com")]
        korean.subject = "[긴급] 2026년 4분기 보고서 검토 요청드립니다 — 매우 긴 제목이 여러 개의 인코딩된 단어로 나뉘어도 글자가 깨지지 않아야 합니다 😀"
        korean.text = "안녕하세요.\n보고서를 첨부합니다.\n" + String(repeating: "긴 줄 ", count: 300) + "\n"
        korean.html = "<p>안녕하세요.</p><p>보고서를 첨부합니다. <img src=\"cid:logo@zioinfo\"></p>"
        korean.attachments = [
            .init(filename: "2026년 4분기 사업 보고서 (최종 수정본, 검토 완료) 버전 3.pdf", contentType: "application/pdf", data: Array(repeating: 0x25, count: 5000)),
            .init(filename: "로고.png", contentType: "image/png", data: [0x89, 0x50, 0x4E, 0x47], contentID: "logo@zioinfo"),
            .init(filename: "notes; \"quoted\".txt", contentType: "text/plain", data: Array("notes".utf8)),
        ]
        korean.inReplyTo = "orig@example.com"
        korean.references = ["first@example.com", "orig@example.com"]

        var latin = MessageBuilder(from: MailAddress(name: "José Müller", email: "jose@example.com"))
        latin.to = [MailAddress(email: "ythong@zioinfo.co.kr")]
        latin.subject = "Café — déjà vu"
        latin.text = "Ça va? Très bien. Ünïcödé line with = signs and trailing spaces   \nnext"

        var forward = MessageBuilder(from: MailAddress(name: "홍길동", email: "ythong@zioinfo.co.kr"))
        forward.to = [MailAddress(email: "boss@zioinfo.co.kr")]
        forward.subject = "Fwd: " + korean.subject
        forward.text = "전달합니다."
        forward.forwarded = [(try? korean.build().bytes) ?? []]

        var htmlOnly = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        htmlOnly.to = [MailAddress(email: "a@example.com")]
        htmlOnly.subject = "HTML만 있는 메일"
        htmlOnly.html = "<div>표 <b>굵게</b></div>"
        return [("plain", plain), ("korean", korean), ("latin", latin), ("forward", forward), ("htmlOnly", htmlOnly)]
    }

    static func pythonRead(_ files: [URL]) throws -> [String: PythonView] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.directory.appendingPathComponent("python_email_reader.py").path] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([String: PythonView].self, from: data)
    }

    static func normalized(_ text: String?) -> String? { text?.replacingOccurrences(of: "\r\n", with: "\n") }

    @Test func builderOutputReadsTheSameInPythonAndSwift() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mime-roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [(String, URL, MessageBuilder, MIMEMessage)] = []
        for (name, builder) in Self.builders() {
            let built = try builder.build()
            let url = directory.appendingPathComponent("\(name).eml")
            try Data(built.bytes).write(to: url)
            files.append((name, url, builder, MIMEMessage(built.bytes)))
        }
        let python = try Self.pythonRead(files.map(\.1))
        for (name, url, builder, ours) in files {
            let theirs = try #require(python[url.path], "\(name)")
            #expect(theirs.defects.isEmpty, "\(name): CPython defects \(theirs.defects)")
            #expect(ours.subject == builder.subject, "\(name)")
            #expect(theirs.subject == builder.subject, "\(name)")
            let expectedFrom = [[builder.from.name, builder.from.email]]
            #expect(ours.from.map { [$0.name, $0.email] } == expectedFrom, "\(name)")
            #expect(theirs.from == expectedFrom, "\(name)")
            #expect(ours.to.map { [$0.name, $0.email] } == theirs.to, "\(name)")
            #expect(theirs.to == builder.to.map { [$0.name, $0.email] }, "\(name)")
            #expect(ours.cc.map { [$0.name, $0.email] } == theirs.cc, "\(name)")
            let content = ours.content
            if builder.text != nil {
                #expect(Self.normalized(content.text) == Self.normalized(theirs.text), "\(name) text")
                #expect(Self.normalized(content.text) == Self.normalized(builder.text), "\(name) text")
            }
            #expect(Self.normalized(content.html) == Self.normalized(theirs.html), "\(name) html")
            #expect(content.html == builder.html, "\(name) html")
            // CPython's walk descends into forwarded messages; so does allParts.
            let everyName = ours.root.allParts.compactMap(\.filename)
            #expect(everyName.sorted() == theirs.filenames.sorted(), "\(name) filenames")
            let ourNames = content.attachments.map(\.filename)
            let expectedNames = builder.attachments.map(\.filename)
            #expect(Set(expectedNames).isSubset(of: Set(ourNames)), "\(name) filenames")
        }
    }
}
