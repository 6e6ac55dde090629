import Testing
@testable import SMTP

/// The send pipeline against the scripted server and an in-memory mailbox: every submission
/// failure keeps the message in Drafts; bookkeeping failures after a successful send are reported.
@Suite struct SendPipelineFakeServerTests {
    static let message = Array("From: user@fake.test\r\nTo: rcpt@fake.test\r\nSubject: pipeline\r\n\r\n.dot line\r\n".utf8)

    static func run(
        _ behaviour: FakeSMTPServer.Behaviour = .init(),
        store: InMemoryMailStore = InMemoryMailStore(),
        answering: OriginalMessage? = nil,
        timeouts: SMTPTimeouts = .uniform(.seconds(10)),
        request: SendRequest? = nil
    ) async throws -> (Result<SendOutcome, SendFailure>, FakeSMTPServer.Recording) {
        let server = try await FakeSMTPServer.start(behaviour)
        let pipeline = SendPipeline(client: SMTPClient(configuration: server.configuration(timeouts: timeouts)), store: store)
        let request = try request ?? SendRequest(
            envelope: try SMTPEnvelope(sender: "user@fake.test", recipients: ["rcpt@fake.test", "hidden@fake.test"]),
            message: message, answering: answering)
        let result: Result<SendOutcome, SendFailure>
        do throws(SendFailure) {
            result = .success(try await pipeline.send(request, credentials: SMTPCredentials(username: behaviour.username, password: behaviour.password)))
        } catch {
            result = .failure(error)
        }
        let recording = server.recording
        await server.stop()
        return (result, recording)
    }

    @Test func successStoresSentCopySeenAndFlagsOriginal() async throws {
        let store = InMemoryMailStore()
        let original = OriginalMessage(folder: "INBOX", uid: 7)
        let (result, recording) = try await Self.run(store: store, answering: original)
        let outcome = try result.get()
        let contents = store.snapshot
        #expect(outcome.sentCopy == .stored(uid: contents.sent.first?.uid))
        #expect(contents.sent.first?.message == Self.message)
        #expect(contents.sent.first?.flags == ["\\Seen"])
        #expect(contents.drafts.isEmpty)
        #expect(outcome.answered == .flagged && contents.answered == [original])
        #expect(recording.commands.filter { $0.hasPrefix("RCPT") } == ["RCPT TO:<rcpt@fake.test>", "RCPT TO:<hidden@fake.test>"])
    }

    @Test(arguments: ["GREETING", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "."])
    func everySubmissionFailureKeepsTheMessageInDrafts(_ verb: String) async throws {
        for code in [421, 554] {
            var behaviour = FakeSMTPServer.Behaviour()
            behaviour.overrides[verb] = .text("\(code) scripted")
            let store = InMemoryMailStore()
            let (result, _) = try await Self.run(behaviour, store: store, answering: OriginalMessage(folder: "INBOX", uid: 1))
            guard case .failure(let failure) = result else {
                Issue.record("\(verb) \(code) did not fail")
                continue
            }
            let contents = store.snapshot
            #expect(failure.error.code == code)
            #expect(failure.draftUID != nil && failure.draftUID == contents.drafts.first?.uid)
            #expect(contents.drafts.first?.message == Self.message)
            #expect(contents.sent.isEmpty && contents.answered.isEmpty)
        }
    }

    @Test func timeoutAndMissingTLSAlsoKeepDrafts() async throws {
        var stalled = FakeSMTPServer.Behaviour()
        stalled.overrides["."] = .stall
        let store = InMemoryMailStore()
        let (result, _) = try await Self.run(stalled, store: store, timeouts: .uniform(.seconds(2)))
        guard case .failure(let failure) = result else { Issue.record("no failure"); return }
        #expect(failure.error.kind == .timeout && failure.draftUID != nil)

        var noTLS = FakeSMTPServer.Behaviour()
        noTLS.offersSTARTTLS = false
        let (second, _) = try await Self.run(noTLS, store: store)
        guard case .failure(let tlsFailure) = second else { Issue.record("no failure"); return }
        #expect(tlsFailure.error.kind == .tlsUnavailable)
        #expect(store.snapshot.drafts.count == 2)
    }

    @Test func draftFailureIsReportedWithTheSubmissionError() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.overrides["MAIL"] = .text("451 4.3.0 try later")
        let store = InMemoryMailStore()
        store.failDraft = true
        let (result, _) = try await Self.run(behaviour, store: store)
        guard case .failure(let failure) = result else { Issue.record("no failure"); return }
        #expect(failure.error.code == 451)
        #expect(failure.draft == .failed(reason: "IMAP connection lost"))
        #expect(failure.draftUID == nil)
    }

    @Test func sentCopyFailureAfterSuccessStillCountsAsSent() async throws {
        let store = InMemoryMailStore()
        store.failSentCopy = true
        store.failAnswered = true
        let (result, recording) = try await Self.run(store: store, answering: OriginalMessage(folder: "INBOX", uid: 3))
        let outcome = try result.get()
        #expect(outcome.receipt.queueID == "FAKE42")
        #expect(outcome.sentCopy == .failed(reason: "NO [OVERQUOTA] Quota exceeded"))
        #expect(outcome.answered == .failed(reason: "NO message vanished"))
        #expect(store.snapshot.drafts.isEmpty)
        #expect(recording.dataTransfers.count == 1)
    }
}
