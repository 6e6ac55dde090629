import Testing
@testable import SMTP

/// `SMTPClient.checkSender` against the real Postfix of `scripts/mailstack` (issue 27): a sender
/// the login owns passes (its own address, or a shared one of the stack's sender_login map),
/// any other is refused with 553 5.7.1 at RCPT, which `refusesSender` recognises. Nothing is sent.
@Suite(.enabled(if: MailStack.shouldRun, "needs scripts/mailstack (eval \"$(scripts/mailstack env)\")"))
struct PostfixSenderCheckTests {
    static func check(_ sender: String, as login: String = "ythong@zioinfo.co.kr") async throws -> SMTPError? {
        let client = SMTPClient(configuration: try MailStack.submissionConfiguration())
        let credentials = try MailStack.credentials(login)
        do throws(SMTPError) {
            try await client.checkSender(sender, recipient: login, credentials: credentials)
            return nil
        } catch {
            return error
        }
    }

    @Test func theOwnAndASharedAddressPass() async throws {
        #expect(try await Self.check("ythong@zioinfo.co.kr") == nil)
        #expect(try await Self.check("sales@zioinfo.co.kr") == nil)
    }

    @Test(arguments: ["admin@zioinfo.co.kr", "support@zioinfo.co.kr", "ceo@example.com"])
    func anotherAddressIsRefusedAsTheSender(sender: String) async throws {
        let error = try #require(try await Self.check(sender))
        #expect(error.refusesSender, "\(error)")
        #expect(error.code == 553 && error.stage == .recipient)
    }

    @Test func aWrongPasswordIsNotASenderRefusal() async throws {
        let client = SMTPClient(configuration: try MailStack.submissionConfiguration())
        do throws(SMTPError) {
            try await client.checkSender("ythong@zioinfo.co.kr", recipient: "ythong@zioinfo.co.kr",
                                         credentials: SMTPCredentials(username: "ythong@zioinfo.co.kr", password: "wrong-password"))
            Issue.record("a wrong password passed")
        } catch {
            #expect(!error.refusesSender && error.stage == .authentication && error.code == 535)
        }
    }

    @Test func anAddressWithCRLFIsRefusedBeforeAnythingIsSent() async throws {
        let error = try #require(try await Self.check("x@zioinfo.co.kr>\r\nRCPT TO:<y@zioinfo.co.kr"))
        #expect(error.kind == .invalidInput && !error.refusesSender)
    }
}
