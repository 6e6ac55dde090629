import Foundation
import Testing
@testable import MIME

/// Our IMAP section paths must fetch exactly our parts from the real Dovecot of
/// `scripts/mailstack`: every fixture is appended to a scratch folder of a dedicated account
/// and `BODY.PEEK[section]` of each of our parts is compared with the part's bytes.
/// Needs the MAILSTACK_* environment; without it the test fails when CI=true, else is skipped.
@Suite(.serialized) struct DovecotSectionTests {
    static let environment = ProcessInfo.processInfo.environment
    static let hasMailstack = environment["MAILSTACK_IMAPS_PORT"] != nil
    static let runsInCI = environment["CI"] == "true"
    static let user = "mimetest@\(environment["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr")"

    struct DovecotAnswer: Decodable {
        let path: String
        let sections: [String: String]
    }

    static func run(_ arguments: [String], input: Data? = nil) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// Line ends are the store's business (Dovecot may hand back CRLF for LF mail).
    static func normalized(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes where byte != ASCII.cr { output.append(byte) }
        return output
    }

    /// Broken messages where Dovecot and we read the structure differently, on purpose:
    static let divergences: [String: String] = [
        // A line that is neither a header field nor blank: Dovecot keeps it in the header, we
        // (like CPython) start the body there, so the reader sees the text.
        "msg_19.txt": "missing header/body separator",
        "msg_35.txt": "missing header/body separator",
        "msg_47.txt": "missing header/body separator in both body parts",
        // Dovecot ignores an RFC 2231 `boundary*=` parameter and sees one leaf; we (like
        // CPython) decode it and find the two parts.
        "msg_33.txt": "RFC 2231 boundary parameter",
        // Nested multiparts reusing an enclosing boundary, or delimiter lines with trailing
        // blanks inside text: no reading is right; we follow CPython's.
        "msg_15.txt": "inner multipart reuses the outer boundary",
        "msg_38.txt": "enclosing boundaries with trailing blanks inside a text part",
        "msg_39.txt": "inner multipart reuses the outer boundary",
    ]

    static func preview(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(60), as: UTF8.self).debugDescription
    }

    @Test(.enabled(if: hasMailstack || runsInCI))
    func sectionsFetchOurParts() throws {
        try #require(Self.hasMailstack, "MAILSTACK_* environment missing (CI=true requires the mail stack)")
        let repository = Fixtures.directory.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let password = "Mime-" + UUID().uuidString
        let (addStatus, _) = try Self.run([repository.appendingPathComponent("scripts/mailstack").path, "adduser", Self.user, password])
        try #require(addStatus == 0, "scripts/mailstack adduser failed")

        var files: [(String, MIMEMessage)] = []
        for folder in ["generated", "cpython-email"] {
            for name in try Fixtures.files(in: folder, withExtension: folder == "generated" ? ".eml" : ".txt") {
                let path = Fixtures.directory.appendingPathComponent(folder).appendingPathComponent(name).path
                files.append((path, MIMEMessage(try Fixtures.bytes("\(folder)/\(name)"))))
            }
        }
        let request: [String: Any] = [
            "user": Self.user, "password": password,
            "host": Self.environment["MAILSTACK_HOST"] ?? "127.0.0.1",
            "port": Self.environment["MAILSTACK_IMAPS_PORT"] ?? "10993",
            "ca_file": Self.environment["MAILSTACK_CA_FILE"] ?? "",
            "folder": "mime-sections-\(UUID().uuidString.prefix(8))",
            "messages": files.map { path, message in
                ["path": path, "sections": message.root.allParts.map(\.section)] as [String: Any]
            },
        ]
        let script = Fixtures.directory.appendingPathComponent("imap_sections.py").path
        let (status, output) = try Self.run(["python3", script], input: try JSONSerialization.data(withJSONObject: request))
        try #require(status == 0, "imap_sections.py failed")
        let answers = try JSONDecoder().decode([DovecotAnswer].self, from: output)
        #expect(answers.count == files.count)
        var compared = 0
        for (answer, (path, message)) in zip(answers, files) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            if Self.divergences[name] != nil { continue }
            for part in message.root.allParts {
                let theirs = Data(base64Encoded: answer.sections[part.section] ?? "") ?? Data()
                let (dovecot, ours) = (Self.normalized(theirs), Self.normalized(part.body))
                if dovecot != ours { Issue.record("\(name) [\(part.section)] dovecot \(dovecot.count) bytes \(Self.preview(dovecot)) / ours \(ours.count) bytes \(Self.preview(ours))") }
                compared += 1
            }
        }
        #expect(compared > 150)
    }
}
