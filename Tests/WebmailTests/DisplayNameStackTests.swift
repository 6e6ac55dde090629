import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// Issue 27: the display name of the settings is the name in the From header of what the user
/// sends, RFC 2047-encoded on the wire, and Python's `email` (the reader Outlook-like clients are
/// checked against here) reads it back as typed. Through the real Postfix and Dovecot.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct DisplayNameStackTests {
    @Test func theDisplayNameIsEncodedOnTheWireAndReadBackByPython() async throws {
        try await ComposeAPITests.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let recipient = try await ComposeAPITests.login(client, ComposeAccounts.recipient)
            let named = try await client.execute(uri: "/settings", method: .patch,
                                                 headers: [.authorization: "Bearer \(sender)", .contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"display_name":"홍영태"}"#))
            #expect(named.status == .ok, "\(named.text)")
            let subject = ComposeAPITests.unique("표시 이름")
            let sent = try await ComposeAPITests.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "text": "안녕하세요.",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let uid = try await ComposeAPITests.waitForMessage(client, token: recipient, subject: subject)
            let raw = try await ComposeAPITests.raw(client, token: recipient, uid: uid)
            let headers = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            let from = try #require(headers.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("from:") })
            #expect(from.allSatisfy(\.isASCII) && from.contains("=?"), "\(from)")
            #expect(try Self.pythonReadsFrom(raw) == "홍영태 <\(ComposeAccounts.sender)>")
            // The reader's JSON says the same.
            let detail = try await ComposeAPITests.detail(client, token: recipient, uid: uid)
            #expect((detail.json["from"] as? [String: Any])?["name"] as? String == "홍영태")
        }
    }

    /// The From header as Python's `email` package (policy.default) decodes it.
    static func pythonReadsFrom(_ raw: [UInt8]) throws -> String {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/message.eml"
        try Data(raw).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import email, email.policy, sys
            message = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            sys.stdout.buffer.write(str(message['From']).encode('utf-8'))
            """, file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
