import Testing
@testable import SMTP

/// The client against the scripted fake server: every stage's refusals, TLS rules, timeouts and
/// the exact bytes on the wire.
@Suite struct FakeServerClientTests {
    static let message = Array("From: user@fake.test\r\nTo: rcpt@fake.test\r\nSubject: hi\r\n\r\nbody\r\n".utf8)

    static func send(
        _ behaviour: FakeSMTPServer.Behaviour = .init(),
        message: [UInt8] = message,
        recipients: [String] = ["rcpt@fake.test"],
        timeouts: SMTPTimeouts = .uniform(.seconds(10)),
        password: String? = nil
    ) async throws -> (Result<SMTPDeliveryReceipt, SMTPError>, FakeSMTPServer.Recording) {
        let server = try await FakeSMTPServer.start(behaviour)
        let client = SMTPClient(configuration: server.configuration(timeouts: timeouts))
        let envelope = try SMTPEnvelope(sender: "user@fake.test", recipients: recipients)
        let credentials = SMTPCredentials(username: behaviour.username, password: password ?? behaviour.password)
        let result: Result<SMTPDeliveryReceipt, SMTPError>
        do throws(SMTPError) {
            result = .success(try await client.send(message, envelope: envelope, credentials: credentials))
        } catch {
            result = .failure(error)
        }
        let recording = server.recording
        await server.stop()
        return (result, recording)
    }

    static func failure(_ result: Result<SMTPDeliveryReceipt, SMTPError>) -> SMTPError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func happyPathUsesTLSBeforeAuthAndPipelines() async throws {
        let (result, recording) = try await Self.send()
        let receipt = try result.get()
        #expect(receipt.queueID == "FAKE42")
        #expect(recording.plaintextCommands == ["EHLO client.test", "STARTTLS"])
        #expect(recording.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
        #expect(recording.commands.contains("MAIL FROM:<user@fake.test> SIZE=\(receipt.messageSize)"))
        #expect(recording.commands.last == "QUIT")
        #expect(recording.dataTransfers == [Self.message + Array(".\r\n".utf8)])
    }

    @Test func authOfferedBeforeTLSIsStillOnlyUsedAfterSTARTTLS() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.offersAuthBeforeTLS = true
        let (result, recording) = try await Self.send(behaviour)
        _ = try result.get()
        #expect(recording.plaintextCommands == ["EHLO client.test", "STARTTLS"])
    }

    @Test func implicitTLSSpeaksTLSFromTheFirstByte() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.implicitTLS = true
        behaviour.offersSTARTTLS = false
        let server = try await FakeSMTPServer.start(behaviour)
        let client = SMTPClient(configuration: server.configuration(security: .implicitTLS))
        let receipt = try await client.send(Self.message, envelope: try SMTPEnvelope(sender: "user@fake.test", recipients: ["rcpt@fake.test"]),
                                            credentials: SMTPCredentials(username: behaviour.username, password: behaviour.password))
        let recording = server.recording
        await server.stop()
        #expect(receipt.queueID == "FAKE42")
        #expect(recording.plaintextCommands.isEmpty)
        #expect(!recording.commands.contains("STARTTLS"))

        // The same server with STARTTLS configured: the client's plaintext greeting read hits TLS
        // bytes it cannot parse, and nothing is sent in clear.
        let second = try await FakeSMTPServer.start(behaviour)
        do throws(SMTPError) {
            _ = try await SMTPClient(configuration: second.configuration(timeouts: .uniform(.seconds(1)))).probe()
            Issue.record("a STARTTLS client talked to an implicit-TLS server")
        } catch {
            #expect([.greeting].contains(error.stage))
        }
        await second.stop()
    }

    @Test func plaintextInjectedAfterSTARTTLSIsRefused() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.injectAfterSTARTTLS = "250-fake.test\r\n250 AUTH PLAIN"
        let (result, recording) = try await Self.send(behaviour)
        let error = try #require(Self.failure(result))
        #expect(error.kind == .protocolViolation && error.stage == .startTLS)
        #expect(!recording.commands.contains { $0.hasPrefix("AUTH") })
    }

    @Test func serverWithoutUsableAuthGetsNoCredentials() async throws {
        for extensions in [["SIZE 1000000"], ["AUTH CRAM-MD5 XOAUTH2"]] {
            var behaviour = FakeSMTPServer.Behaviour()
            behaviour.extensions = extensions
            let (result, recording) = try await Self.send(behaviour)
            let error = try #require(Self.failure(result))
            #expect(error.kind == .authenticationUnavailable && error.stage == .authentication)
            #expect(!recording.commands.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") })
        }
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.extensions = ["AUTH LOGIN", "SIZE 1000000"]
        let (result, recording) = try await Self.send(behaviour)
        _ = try result.get()
        #expect(recording.commands.contains("AUTH LOGIN"))
        // Without PIPELINING every command waits for its reply; the transcript is the same.
        #expect(recording.commands.filter { $0.hasPrefix("RCPT") } == ["RCPT TO:<rcpt@fake.test>"])
    }

    @Test func noSTARTTLSOfferedMeansNoCredentialsAndNoMessage() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.offersSTARTTLS = false
        behaviour.offersAuthBeforeTLS = true
        let (result, recording) = try await Self.send(behaviour)
        let error = try #require(Self.failure(result))
        #expect(error.kind == .tlsUnavailable && error.stage == .startTLS)
        #expect(!recording.commands.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") })
    }

    @Test func heloFallbackStillRequiresTLS() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.overrides["EHLO"] = .text("502 5.5.2 Error: command not recognized")
        let (result, recording) = try await Self.send(behaviour)
        #expect(recording.commands.prefix(2) == ["EHLO client.test", "HELO client.test"])
        #expect(Self.failure(result)?.kind == .tlsUnavailable)
        #expect(!recording.commands.contains { $0.hasPrefix("AUTH") })
    }

    /// Each stage refusing with a temporary and a permanent code → a `.rejected` error naming the stage.
    @Test(arguments: [
        ("GREETING", SMTPStage.greeting), ("EHLO", .ehlo), ("STARTTLS", .startTLS), ("AUTH", .authentication),
        ("MAIL", .mailFrom), ("RCPT", .recipient), ("DATA", .data), (".", .messageBody),
    ])
    func everyStageRefusalIsTyped(_ verb: String, _ stage: SMTPStage) async throws {
        for (code, enhanced) in [(451, "4.3.0"), (554, "5.7.1")] {
            var behaviour = FakeSMTPServer.Behaviour()
            behaviour.overrides[verb] = .text("\(code) \(enhanced) scripted refusal at \(verb)")
            let (result, recording) = try await Self.send(behaviour)
            let error = try #require(Self.failure(result), "\(verb) \(code)")
            #expect(error.kind == .rejected, "\(verb) \(code)")
            #expect(error.stage == stage)
            #expect(error.code == code)
            #expect(error.enhancedCode?.description == enhanced)
            #expect(error.reply?.text == "scripted refusal at \(verb)")
            #expect(error.isTemporary == (code == 451))
            if stage == .recipient { #expect(error.recipient == "rcpt@fake.test") }
            if [.greeting, .ehlo, .startTLS, .authentication].contains(stage) {
                #expect(!recording.commands.contains { $0.hasPrefix("MAIL") })
            }
            if stage != .messageBody { #expect(recording.dataTransfers.isEmpty) }
        }
    }

    @Test func wrongPasswordIs535() async throws {
        let (result, recording) = try await Self.send(password: "wrong")
        let error = try #require(Self.failure(result))
        #expect(error.stage == .authentication && error.code == 535 && error.enhancedCode?.description == "5.7.8")
        #expect(!error.description.contains("wrong"))
        #expect(!recording.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func oneRefusedRecipientAbortsTheWholeMessage() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.recipientReplies["bad@fake.test"] = "550 5.1.1 <bad@fake.test>: Recipient address rejected: User unknown"
        behaviour.recipientReplies["full@fake.test"] = "452 4.2.2 mailbox full"
        let (result, recording) = try await Self.send(behaviour, recipients: ["ok@fake.test", "bad@fake.test", "ok2@fake.test", "full@fake.test"])
        let error = try #require(Self.failure(result))
        #expect(error.stage == .recipient && error.code == 550 && error.recipient == "bad@fake.test")
        #expect(error.refusedRecipients.map(\.address) == ["bad@fake.test", "full@fake.test"])
        #expect(error.refusedRecipients.map(\.reply.code) == [550, 452])
        #expect(error.message.contains("2 of 4"))
        // PIPELINING sent DATA with the envelope; the server said 354, the client hung up
        // instead of sending the message, so nothing was delivered.
        #expect(recording.dataTransfers.isEmpty)
    }

    @Test func refusedRecipientWithoutPipeliningResetsBeforeData() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.extensions = ["AUTH PLAIN"]
        behaviour.recipientReplies["bad@fake.test"] = "450 4.2.0 mailbox busy"
        let (result, recording) = try await Self.send(behaviour, recipients: ["bad@fake.test", "ok@fake.test"])
        let error = try #require(Self.failure(result))
        #expect(error.stage == .recipient && error.isTemporary)
        #expect(!recording.commands.contains("DATA"))
        #expect(recording.commands.contains("RSET"))
    }

    @Test func messageOverSIZEIsRefusedBeforeUpload() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.extensions = ["AUTH PLAIN", "SIZE 100"]
        let big = Array(repeating: UInt8(ascii: "x"), count: 200)
        let (result, recording) = try await Self.send(behaviour, message: big)
        let error = try #require(Self.failure(result))
        #expect(error.kind == .messageTooLarge(size: 200, limit: 100))
        #expect(error.message.contains("100"))
        #expect(!recording.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func refusalDuringUploadReportsTheServersReply() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.refuseDuringUpload = "552 5.3.4 Error: message file too big"
        let big = Array(repeating: UInt8(ascii: "z"), count: 900_000)
        let (result, _) = try await Self.send(behaviour, message: big)
        let error = try #require(Self.failure(result))
        #expect(error.stage == .messageBody && error.code == 552 && error.kind == .rejected)
    }

    @Test func eightBitNeedsEightBitMIME() async throws {
        let korean = Array("Subject: x\r\n\r\n안녕하세요\r\n".utf8)
        let (accepted, recording) = try await Self.send(message: korean)
        _ = try accepted.get()
        #expect(recording.commands.contains { $0.hasPrefix("MAIL FROM:<user@fake.test>") && $0.hasSuffix(" BODY=8BITMIME") })

        var without = FakeSMTPServer.Behaviour()
        without.extensions = ["AUTH PLAIN"]
        let (refused, _) = try await Self.send(without, message: korean)
        #expect(Self.failure(refused)?.kind == .eightBitUnsupported)
    }

    @Test func dotStuffingOnTheWireByteForByte() async throws {
        let message = Array("Subject: dots\n\n.\n..\n.leading\nmiddle.\n. space\r\n...\rend".utf8)
        let (result, recording) = try await Self.send(message: message)
        _ = try result.get()
        let expected = Array("Subject: dots\r\n\r\n..\r\n...\r\n..leading\r\nmiddle.\r\n.. space\r\n....\r\nend\r\n.\r\n".utf8)
        #expect(recording.dataTransfers == [expected])
    }

    @Test(arguments: ["GREETING", "EHLO", "STARTTLS", "MAIL", "DATA", "."])
    func stalledServerTimesOut(_ verb: String) async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.overrides[verb] = .stall
        let (result, _) = try await Self.send(behaviour, timeouts: .uniform(.seconds(2)))
        let error = try #require(Self.failure(result))
        #expect(error.kind == .timeout && error.isTemporary)
    }

    @Test func hangUpIsConnectionClosed() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.overrides["MAIL"] = .close
        let (result, _) = try await Self.send(behaviour)
        let error = try #require(Self.failure(result))
        #expect(error.kind == .connectionClosed && error.stage == .mailFrom)
    }

    @Test func untrustedCertificateFailsBeforeAuth() async throws {
        let server = try await FakeSMTPServer.start()
        defer { Task { await server.stop() } }
        let client = SMTPClient(configuration: server.configuration(trustFixtureCA: false))
        await #expect(throws: SMTPError.self) { _ = try await client.probe() }
        do throws(SMTPError) {
            _ = try await client.probe()
        } catch {
            #expect(error.kind == .tlsFailed && error.stage == .startTLS)
        }
        #expect(!server.recording.commands.contains { $0.hasPrefix("AUTH") })
    }

    @Test func certificateForAnotherHostFails() async throws {
        var behaviour = FakeSMTPServer.Behaviour()
        behaviour.certificate = "wronghost"
        let (result, recording) = try await Self.send(behaviour)
        #expect(Self.failure(result)?.kind == .tlsFailed)
        #expect(!recording.commands.contains { $0.hasPrefix("AUTH") })
    }

    @Test func probeReportsCapabilitiesAfterTLS() async throws {
        let server = try await FakeSMTPServer.start()
        let result = try await SMTPClient(configuration: server.configuration()).probe()
        let recording = server.recording
        await server.stop()
        #expect(result.tlsVerified && result.greeting.code == 220)
        #expect(result.capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(!result.capabilities.startTLS)
        #expect(recording.commands == ["EHLO client.test", "STARTTLS", "EHLO client.test", "QUIT"])
    }

    @Test func connectionRefusedIsConnectionFailed() async throws {
        let server = try await FakeSMTPServer.start()
        let configuration = server.configuration()
        await server.stop()
        do throws(SMTPError) {
            _ = try await SMTPClient(configuration: configuration).probe()
            Issue.record("probe succeeded against a closed port")
        } catch {
            #expect(error.kind == .connectionFailed && error.stage == .connect)
        }
    }
}
