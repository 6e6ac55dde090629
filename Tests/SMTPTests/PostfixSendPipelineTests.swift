import Foundation
import MIME
import Testing
@testable import SMTP

/// The whole send pipeline on the real stack: `MessageBuilder` → Postfix submission → Dovecot,
/// with the Sent/Drafts copies and the \Answered flag stored in real folders.
@Suite(.enabled(if: MailStack.shouldRun, "needs scripts/mailstack (eval \"$(scripts/mailstack env)\")"))
struct PostfixSendPipelineTests {
    static let sender = "ythong@zioinfo.co.kr"
    static let bccUser = "smtptest-bcc@zioinfo.co.kr"

    /// Headers a receiving server adds for its own recipient (trace fields); a Bcc recipient's copy
    /// legitimately names that recipient there, and only there.
    static let traceFields: Set<String> = ["received", "delivered-to", "return-path", "x-original-to"]

    static func pipeline() throws -> SendPipeline {
        SendPipeline(client: SMTPClient(configuration: try MailStack.submissionConfiguration()),
                     store: PythonIMAPStore(user: sender))
    }

    @Test func koreanMailWithAttachmentReachesToCcAndBccAndSentHasTheCopy() async throws {
        try MailStack.ensureAccount(Self.bccUser, password: "Bcc-Only!2026")
        let token = MailStack.uniqueToken("korean")

        // The message being answered, so the reply can flag it.
        let original = Array("From: info@zioinfo.co.kr\r\nTo: ythong@zioinfo.co.kr\r\nSubject: \(token) original\r\nMessage-ID: <\(token)@zioinfo.co.kr>\r\n\r\n질문\r\n".utf8)
        let originalUID = try #require(UInt32(try MailStack.runHelper(["append", Self.sender, "INBOX", ""], input: original)))

        let attachmentName = "2026년 11월 보고서 (최종).pdf"
        let attachmentData = Array("%PDF-1.4\n".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var builder = MessageBuilder(from: MailAddress(name: "홍윤통", email: Self.sender))
        builder.to = [MailAddress(name: "정보팀", email: "info@zioinfo.co.kr")]
        builder.cc = [MailAddress(name: "관리자", email: "admin@zioinfo.co.kr")]
        builder.bcc = [MailAddress(name: "숨은 참조", email: Self.bccUser)]
        builder.subject = "Re: \(token) 11월 회의 자료 — 한글 제목이 충분히 길어서 여러 줄로 접히는지 확인합니다"
        builder.text = "안녕하세요,\n첨부한 보고서를 확인해 주세요.\n.점으로 시작하는 줄도 그대로 와야 합니다.\n감사합니다."
        builder.inReplyTo = "\(token)@zioinfo.co.kr"
        builder.attachments = [.init(filename: attachmentName, contentType: "application/pdf", data: attachmentData)]
        let request = try SendRequest(building: builder, answering: OriginalMessage(folder: "INBOX", uid: originalUID))
        #expect(request.envelope.recipients.map(\.address) == ["info@zioinfo.co.kr", "admin@zioinfo.co.kr", Self.bccUser])

        let outcome = try await Self.pipeline().send(request, credentials: try MailStack.credentials(Self.sender))
        #expect(outcome.receipt.reply.code == 250)
        #expect(outcome.answered == .flagged)
        guard case .stored(let sentUID?) = outcome.sentCopy else {
            Issue.record("no Sent copy: \(outcome.sentCopy)")
            return
        }

        for user in ["info@zioinfo.co.kr", "admin@zioinfo.co.kr", Self.bccUser] {
            // imaplib waits for the asynchronous LMTP delivery; then our IMAP client reads it.
            let delivered = try MailStack.fetch(user: user, folder: "INBOX", token: token)
            #expect(delivered.count == 1, "\(user) got \(delivered.count) copies")
            let ours = try await OurIMAPReader.inboxMessages(of: user, subjectContaining: token)
            #expect(ours.count == 1)
            let raw = try #require(ours.first)
            #expect(raw == delivered.first?.raw)
            let message = MIMEMessage(raw)
            #expect(message.subject == builder.subject)
            #expect(message.from == [MailAddress(name: "홍윤통", email: Self.sender)])
            #expect(message.to == [MailAddress(name: "정보팀", email: "info@zioinfo.co.kr")])
            #expect(message.cc == [MailAddress(name: "관리자", email: "admin@zioinfo.co.kr")])
            #expect(message.bcc.isEmpty)
            #expect(message.inReplyTo == "\(token)@zioinfo.co.kr")
            #expect(message.textBody?.contains(".점으로 시작하는 줄도 그대로 와야 합니다.") == true)
            #expect(message.textBody?.contains("안녕하세요") == true)
            let attachment = try #require(message.attachments.first)
            #expect(attachment.filename == attachmentName)
            #expect(attachment.contentType == "application/pdf")
            let part = try #require(message.root.allParts.first { $0.section == attachment.section })
            #expect(part.decodedBody == attachmentData)
            // Bcc: in no header of any copy (trace fields of the Bcc recipient's own copy aside).
            for field in message.header where !(user == Self.bccUser && Self.traceFields.contains(field.name.lowercased())) {
                #expect(!field.value.lowercased().contains("smtptest-bcc"), "\(user): \(field.name)")
            }
        }

        let sent = try MailStack.fetch(user: Self.sender, folder: "\\Sent", token: token)
        #expect(sent.map(\.uid) == [sentUID])
        #expect(sent.first?.flags.contains("\\Seen") == true)
        #expect(sent.first?.raw == request.message)

        let answered = try MailStack.fetch(user: Self.sender, folder: "INBOX", token: "\(token) original")
        #expect(answered.first?.flags.contains("\\Answered") == true)
    }

    @Test func failedSubmissionIsKeptInDraftsWithItsUID() async throws {
        let token = MailStack.uniqueToken("draft")
        var builder = MessageBuilder(from: MailAddress(email: Self.sender))
        builder.to = [MailAddress(email: "info@zioinfo.co.kr")]
        builder.subject = "\(token) 임시 보관"
        builder.text = "전송 실패 시 임시 보관함에 남아야 합니다."
        let request = try SendRequest(building: builder)
        let wrong = SMTPCredentials(username: Self.sender, password: "not-the-password")
        let pipeline = try Self.pipeline()
        do throws(SendFailure) {
            _ = try await pipeline.send(request, credentials: wrong)
            Issue.record("sent with a wrong password")
        } catch {
            #expect(error.error.code == 535 && error.error.stage == .authentication)
            let drafts = try MailStack.fetch(user: Self.sender, folder: "\\Drafts", token: token)
            #expect(drafts.count == 1)
            #expect(error.draftUID != nil && drafts.first?.uid == error.draftUID)
            #expect(drafts.first?.flags.contains("\\Draft") == true)
            #expect(drafts.first?.raw == request.message)
        }
    }
}

@Suite struct SendRequestBuildingTests {
    @Test func internationalisedDomainsArePunycodedInEnvelopeAndHeaders() throws {
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.to = [MailAddress(name: "한국", email: "info@지오정보기술.한국")]
        builder.bcc = [MailAddress(email: "hidden@example.com")]
        builder.subject = "idn"
        builder.text = "x"
        let request = try SendRequest(building: builder)
        #expect(request.envelope.recipients.map(\.address) == ["info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e", "hidden@example.com"])
        let message = MIMEMessage(request.message)
        #expect(message.to.map(\.email) == ["info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e"])
        #expect(!String(decoding: request.message, as: UTF8.self).contains("hidden@example.com"))
    }

    @Test func headerInjectionIsRefusedBeforeAnythingIsSent() throws {
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.to = [MailAddress(email: "info@zioinfo.co.kr")]
        builder.subject = "hello\r\nBcc: victim@example.com"
        #expect(throws: SendRequestError.invalidMessage(.forbiddenCharacter(field: "subject"))) {
            try SendRequest(building: builder)
        }
        builder.subject = "ok"
        builder.to = [MailAddress(email: "info@zioinfo.co.kr>\r\nRCPT TO:<x@example.com")]
        #expect(throws: SendRequestError.self) { try SendRequest(building: builder) }
    }
}
