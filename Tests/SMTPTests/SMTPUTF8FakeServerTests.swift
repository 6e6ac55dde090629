import MIME
import Testing
@testable import SMTP

/// Internationalised addresses against the scripted server, with and without SMTPUTF8 (the
/// mail stack's Postfix has it off: that path is also tested for real, `InternationalAddressAPITests`).
@Suite struct SMTPUTF8FakeServerTests {
    static func request(to recipients: [String]) throws -> SendRequest {
        var builder = MessageBuilder(from: MailAddress(email: "user@fake.test"))
        builder.to = recipients.map { MailAddress(name: "받는 분", email: $0) }
        builder.subject = "국제화 주소"
        builder.text = "본문"
        return try SendRequest(building: builder)
    }

    static func send(_ request: SendRequest, smtpUTF8: Bool, store: InMemoryMailStore = InMemoryMailStore())
        async throws -> (Result<SendOutcome, SendFailure>, FakeSMTPServer.Recording) {
        var behaviour = FakeSMTPServer.Behaviour()
        if smtpUTF8 { behaviour.extensions.append("SMTPUTF8") }
        return try await SendPipelineFakeServerTests.run(behaviour, store: store, request: request)
    }

    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }

    /// RFC 6531: with SMTPUTF8 offered, the envelope and the headers carry the addresses as typed.
    @Test func withSMTPUTF8TheAddressesGoOutAsTyped() async throws {
        let request = try Self.request(to: ["사용자@지오정보기술.한국", "info@지오정보기술.한국"])
        let store = InMemoryMailStore()
        let (result, recording) = try await Self.send(request, smtpUTF8: true, store: store)
        let outcome = try result.get()
        #expect(outcome.receipt.smtpUTF8)
        let mail = try #require(recording.commands.first { $0.hasPrefix("MAIL FROM:") })
        #expect(mail.hasPrefix("MAIL FROM:<user@fake.test>") && mail.hasSuffix(" SMTPUTF8") && mail.contains("BODY=8BITMIME"))
        #expect(recording.commands.filter { $0.hasPrefix("RCPT") } == ["RCPT TO:<사용자@지오정보기술.한국>", "RCPT TO:<info@지오정보기술.한국>"])
        let data = Self.text(recording.dataTransfers.first)
        #expect(data.contains("<사용자@지오정보기술.한국>") && data.contains("<info@지오정보기술.한국>"))
        // The Sent copy is what went out.
        #expect(store.snapshot.sent.first?.message == request.message(smtpUTF8: true))
    }

    /// Without SMTPUTF8 an internationalised domain goes out in Punycode, envelope and headers.
    @Test func withoutSMTPUTF8TheDomainIsPunycode() async throws {
        let request = try Self.request(to: ["info@지오정보기술.한국"])
        let (result, recording) = try await Self.send(request, smtpUTF8: false)
        let outcome = try result.get()
        #expect(!outcome.receipt.smtpUTF8)
        #expect(recording.commands.contains { $0.hasPrefix("MAIL FROM:<user@fake.test>") && !$0.contains("SMTPUTF8") })
        #expect(recording.commands.filter { $0.hasPrefix("RCPT") } == ["RCPT TO:<info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e>"])
        let data = Self.text(recording.dataTransfers.first)
        #expect(data.contains("<info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e>") && !data.contains("지오정보기술"))
        #expect(data.utf8.allSatisfy { $0 < 0x80 }, "7-bit headers and body")
    }

    /// A local part with no ASCII form cannot go to a server without SMTPUTF8: refused before
    /// MAIL FROM, kept in Drafts, and the error says why and for which address.
    @Test func aNonASCIILocalPartWithoutSMTPUTF8IsRefusedAndKept() async throws {
        let request = try Self.request(to: ["사용자@zioinfo.co.kr"])
        #expect(request.envelope.requiresSMTPUTF8 && request.internationalizedMessage == nil)
        let store = InMemoryMailStore()
        let (result, recording) = try await Self.send(request, smtpUTF8: false, store: store)
        guard case .failure(let failure) = result else { Issue.record("sent without SMTPUTF8"); return }
        #expect(failure.error.kind == .smtpUTF8Unsupported && failure.error.recipient == "사용자@zioinfo.co.kr")
        #expect(!recording.commands.contains { $0.hasPrefix("MAIL") })
        #expect(failure.draftUID != nil && store.snapshot.drafts.first?.message == request.message)
    }
}
