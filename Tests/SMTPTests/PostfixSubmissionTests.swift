import Foundation
import Testing
@testable import SMTP

/// The client against the real Postfix submission port of `scripts/mailstack`.
@Suite(.enabled(if: MailStack.shouldRun, "needs scripts/mailstack (eval \"$(scripts/mailstack env)\")"))
struct PostfixSubmissionTests {
    /// One submission; the error comes back as a value so each test can inspect it.
    static func submit(
        _ message: [UInt8], from sender: String = "ythong@zioinfo.co.kr", to recipients: [String] = ["info@zioinfo.co.kr"],
        as credentials: SMTPCredentials? = nil
    ) async throws -> Result<SMTPDeliveryReceipt, SMTPError> {
        let client = SMTPClient(configuration: try MailStack.submissionConfiguration())
        let envelope = try SMTPEnvelope(sender: sender, recipients: recipients)
        let credentials = try credentials ?? MailStack.credentials("ythong@zioinfo.co.kr")
        do throws(SMTPError) {
            return .success(try await client.send(message, envelope: envelope, credentials: credentials))
        } catch {
            return .failure(error)
        }
    }

    static func failure(_ result: Result<SMTPDeliveryReceipt, SMTPError>) throws -> SMTPError {
        guard case .failure(let error) = result else { throw MailStack.HelperFailure(description: "the submission was accepted") }
        return error
    }

    @Test func probeVerifiesTLSAndSeesTheRealCapabilities() async throws {
        let result = try await SMTPClient(configuration: try MailStack.submissionConfiguration()).probe()
        #expect(result.tlsVerified && result.greeting.code == 220)
        #expect(result.capabilities.sizeLimit == 52_428_800)
        #expect(Set(result.capabilities.authMechanisms).isSuperset(of: ["PLAIN", "LOGIN"]))
        #expect(result.capabilities.pipelining && result.capabilities.eightBitMIME)
        #expect(!result.capabilities.startTLS)
        // smtputf8_enable = no (mailstack.md pitfall 6): the SMTPUTF8 path is tested with the
        // scripted server (SMTPUTF8FakeServerTests), this one takes the Punycode path.
        #expect(!result.capabilities.smtpUTF8)
    }

    @Test func probeWithoutTheStackCAFailsVerification() async throws {
        var configuration = try MailStack.submissionConfiguration()
        configuration.caFilePath = nil
        do throws(SMTPError) {
            _ = try await SMTPClient(configuration: configuration).probe()
            Issue.record("a self-signed stack certificate was trusted without its CA")
        } catch {
            #expect(error.kind == .tlsFailed && error.stage == .startTLS)
        }
    }

    @Test func sendsAndTheRecipientReceivesIt() async throws {
        let token = MailStack.uniqueToken("plain")
        let message = Array("""
            From: ythong@zioinfo.co.kr\r
            To: info@zioinfo.co.kr\r
            Subject: \(token)\r
            Message-ID: <\(token)@zioinfo.co.kr>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            안녕하세요\r
            .a line that starts with a dot\r

            """.utf8)
        let receipt = try await SMTPClient(configuration: try MailStack.submissionConfiguration()).send(
            message, envelope: try SMTPEnvelope(sender: "ythong@zioinfo.co.kr", recipients: ["info@zioinfo.co.kr"]),
            credentials: try MailStack.credentials("ythong@zioinfo.co.kr"))
        #expect(receipt.reply.code == 250 && receipt.queueID != nil)
        let delivered = try MailStack.fetch(user: "info@zioinfo.co.kr", folder: "INBOX", token: token)
        #expect(delivered.count == 1)
        let text = String(decoding: delivered.first?.raw ?? [], as: UTF8.self)
        #expect(text.contains("\r\n안녕하세요\r\n.a line that starts with a dot\r\n"))
    }

    @Test func wrongPasswordIs535() async throws {
        let credentials = SMTPCredentials(username: "ythong@zioinfo.co.kr", password: "definitely-wrong")
        let error = try Self.failure(try await Self.submit(Array("Subject: x\r\n\r\nx\r\n".utf8), as: credentials))
        #expect(error.stage == .authentication && error.code == 535 && error.kind == .rejected)
        #expect(error.enhancedCode?.description == "5.7.8")
        #expect(!error.description.contains("definitely-wrong"))
    }

    @Test func messageOverTheServerSizeIsRefusedBeforeUpload() async throws {
        let limit = 52_428_800
        var message = Array("Subject: big\r\n\r\n".utf8)
        message += Array(repeating: UInt8(ascii: "a"), count: limit)
        let error = try Self.failure(try await Self.submit(message))
        #expect(error.kind == .messageTooLarge(size: message.count, limit: limit))
        #expect(error.stage == .preparation)
        #expect(error.message.contains("52428800"))
    }

    @Test func unknownRecipientIs550AndNothingIsDelivered() async throws {
        let token = MailStack.uniqueToken("unknown")
        let result = try await Self.submit(Array("Subject: \(token)\r\n\r\nx\r\n".utf8),
                                           to: ["info@zioinfo.co.kr", "nobody-here@zioinfo.co.kr"])
        let error = try Self.failure(result)
        #expect(error.stage == .recipient && error.code == 550 && error.recipient == "nobody-here@zioinfo.co.kr")
        #expect(error.enhancedCode?.description == "5.1.1")
        #expect(try MailStack.fetch(user: "info@zioinfo.co.kr", folder: "INBOX", token: token, expected: 1, timeout: 1).isEmpty)
    }

    @Test func sendingAsAnotherUserIs553() async throws {
        let error = try Self.failure(try await Self.submit(Array("Subject: spoof\r\n\r\nx\r\n".utf8), from: "admin@zioinfo.co.kr"))
        #expect(error.code == 553 && error.kind == .rejected)
        #expect([SMTPStage.mailFrom, .recipient].contains(error.stage))
    }
}
