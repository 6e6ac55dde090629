import Foundation
import NIOCore
import NIOPosix
import NIOSSL
@testable import SMTP

/// A scripted SMTP server on 127.0.0.1 for faults a real Postfix will not produce on demand.
///
/// By default it behaves like a well-configured submission server: STARTTLS (with the fixture
/// certificate), AUTH PLAIN/LOGIN only after TLS, PIPELINING, 8BITMIME, SIZE, enhanced codes.
/// `Behaviour.overrides` replaces the reply to one verb (`"EHLO"`, `"STARTTLS"`, `"AUTH"`,
/// `"MAIL"`, `"RCPT"`, `"DATA"`, `"."` for the final dot, `"GREETING"`) with a canned reply, a
/// stall (never answer) or a hang-up. Everything the client sent is recorded.
final class FakeSMTPServer: Sendable {
    enum Reply: Sendable {
        case text(String)
        case stall
        case close
    }

    struct Behaviour: Sendable {
        var extensions = ["PIPELINING", "SIZE 1000000", "8BITMIME", "ENHANCEDSTATUSCODES", "AUTH PLAIN LOGIN"]
        var offersSTARTTLS = true
        /// Also offer AUTH before TLS (a misconfigured server): the client must still not use it.
        var offersAuthBeforeTLS = false
        var overrides: [String: Reply] = [:]
        /// Per-recipient RCPT replies, by address.
        var recipientReplies: [String: String] = [:]
        var certificate = "server"
        /// TLS from the first byte (port 465 style) instead of STARTTLS.
        var implicitTLS = false
        /// A reply sent as soon as message bytes arrive; the rest of the upload is read and
        /// discarded (a server that refuses mid-upload). No hang-up: closing with unread data
        /// would reset the connection and could race the reply, making the test flaky.
        var refuseDuringUpload: String?
        /// Extra plaintext sent right after the 220 to STARTTLS (a STARTTLS injection attempt).
        var injectAfterSTARTTLS: String?
        var username = "user@fake.test"
        var password = "s3cret pass"
    }

    struct Recording: Sendable {
        var commands: [String] = []
        /// Commands seen while the connection was still plaintext.
        var plaintextCommands: [String] = []
        /// The raw bytes after each 354, up to and including the terminating ".\r\n".
        var dataTransfers: [[UInt8]] = []
        var connections = 0
    }

    let port: Int
    private let channel: Channel
    private let recordingBox: LockedBox<Recording>

    var recording: Recording { recordingBox.value }

    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/smtp").path

    static func start(_ behaviour: Behaviour = Behaviour()) async throws -> FakeSMTPServer {
        let fixtures = Self.fixtures
        let certificates = try NIOSSLCertificate.fromPEMFile("\(fixtures)/\(behaviour.certificate).pem")
        let key = try NIOSSLPrivateKey(file: "\(fixtures)/\(behaviour.certificate)-key.pem", format: .pem)
        let tls = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key)))
        let recording = LockedBox(Recording())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if behaviour.implicitTLS {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try child.pipeline.syncOperations.addHandler(
                        FakeSMTPSessionHandler(behaviour: behaviour, tls: tls, recording: recording))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return FakeSMTPServer(port: port, channel: channel, recording: recording)
    }

    private init(port: Int, channel: Channel, recording: LockedBox<Recording>) {
        self.port = port
        self.channel = channel
        self.recordingBox = recording
    }

    func stop() async {
        try? await channel.close().get()
    }

    /// A client configuration for this server that trusts the fixture CA.
    func configuration(timeouts: SMTPTimeouts = .uniform(.seconds(10)), trustFixtureCA: Bool = true,
                       security: SMTPConfiguration.Security = .startTLS) -> SMTPConfiguration {
        SMTPConfiguration(host: "127.0.0.1", port: port, security: security,
                          caFilePath: trustFixtureCA ? "\(Self.fixtures)/ca.pem" : nil, clientName: "client.test",
                          timeouts: timeouts)
    }
}

/// A mutex-protected value shared between the server's event loop and the test.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// One server-side connection of `FakeSMTPServer`.
private final class FakeSMTPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Mode { case command, data, loginUser, loginPassword, stalled }

    private let behaviour: FakeSMTPServer.Behaviour
    private let tls: NIOSSLContext
    private let recording: LockedBox<FakeSMTPServer.Recording>
    private var buffer = ByteBuffer()
    private var mode = Mode.command
    private var isTLS = false
    private var dataBytes: [UInt8] = []
    private var loginUser = ""

    init(behaviour: FakeSMTPServer.Behaviour, tls: NIOSSLContext, recording: LockedBox<FakeSMTPServer.Recording>) {
        self.behaviour = behaviour
        self.tls = tls
        self.recording = recording
        self.isTLS = behaviour.implicitTLS
    }

    func channelActive(context: ChannelHandlerContext) {
        recording.mutate { $0.connections += 1 }
        respond(context, verb: "GREETING", normal: "220 fake.test ESMTP ready")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        process(context)
    }

    private func process(_ context: ChannelHandlerContext) {
        while buffer.readableBytes > 0 {
            switch mode {
            case .stalled:
                buffer.clear()
                return
            case .data:
                if let refusal = behaviour.refuseDuringUpload {
                    buffer.clear()
                    mode = .stalled
                    write(context, refusal)
                    return
                }
                dataBytes += buffer.readBytes(length: buffer.readableBytes) ?? []
                let terminator = Array("\r\n.\r\n".utf8)
                if dataBytes == Array(".\r\n".utf8) || dataBytes.suffix(5).elementsEqual(terminator) {
                    let transfer = dataBytes
                    recording.mutate { $0.dataTransfers.append(transfer) }
                    dataBytes = []
                    mode = .command
                    respond(context, verb: ".", normal: "250 2.0.0 Ok: queued as FAKE42")
                }
            case .command, .loginUser, .loginPassword:
                guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")),
                      var line = buffer.readString(length: newline - buffer.readerIndex + 1)
                else { return }
                line = line.trimmingCharacters(in: .newlines)
                handle(line: line, context)
            }
        }
    }

    private func handle(line: String, _ context: ChannelHandlerContext) {
        switch mode {
        case .loginUser:
            loginUser = decode(line)
            mode = .loginPassword
            write(context, "334 UGFzc3dvcmQ6")
            return
        case .loginPassword:
            mode = .command
            let ok = loginUser == behaviour.username && decode(line) == behaviour.password
            write(context, ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed")
            return
        default:
            break
        }
        let tlsNow = isTLS
        recording.mutate {
            $0.commands.append(line)
            if !tlsNow { $0.plaintextCommands.append(line) }
        }
        let verb = String(line.prefix { $0 != " " }).uppercased()
        let verbKey = verb.hasPrefix("MAIL") ? "MAIL" : verb.hasPrefix("RCPT") ? "RCPT" : verb
        switch verbKey {
        case "EHLO":
            var lines = ["fake.test greets you"] + behaviour.extensions.filter { !$0.hasPrefix("AUTH") || isTLS || behaviour.offersAuthBeforeTLS }
            if behaviour.offersSTARTTLS && !isTLS { lines.append("STARTTLS") }
            let text = lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)" }.joined(separator: "\r\n")
            respond(context, verb: "EHLO", normal: text)
        case "HELO":
            respond(context, verb: "HELO", normal: "250 fake.test")
        case "STARTTLS":
            if case .some = behaviour.overrides["STARTTLS"] {
                respond(context, verb: "STARTTLS", normal: "")
                return
            }
            let tls = self.tls
            let channel = context.channel
            let reply = "220 2.0.0 Ready to start TLS" + (behaviour.injectAfterSTARTTLS.map { "\r\n" + $0 } ?? "")
            write(context, reply).whenSuccess {
                try? channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
            }
            isTLS = true
        case "AUTH":
            let parts = line.split(separator: " ").map(String.init)
            if let override = behaviour.overrides["AUTH"] {
                apply(override, context)
            } else if parts.count >= 2, parts[1].uppercased() == "PLAIN", parts.count == 3 {
                let ok = decode(parts[2]) == "\u{0}\(behaviour.username)\u{0}\(behaviour.password)"
                write(context, ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed")
            } else if parts.count == 2, parts[1].uppercased() == "LOGIN" {
                mode = .loginUser
                write(context, "334 VXNlcm5hbWU6")
            } else {
                write(context, "504 5.5.4 Unsupported")
            }
        case "MAIL":
            respond(context, verb: "MAIL", normal: "250 2.1.0 Ok")
        case "RCPT":
            let address = line.split(separator: "<").last.map { String($0.prefix { $0 != ">" }) } ?? ""
            if let reply = behaviour.recipientReplies[address] {
                write(context, reply)
            } else {
                respond(context, verb: "RCPT", normal: "250 2.1.5 Ok")
            }
        case "DATA":
            if behaviour.overrides["DATA"] == nil { mode = .data }
            respond(context, verb: "DATA", normal: "354 End data with <CR><LF>.<CR><LF>")
        case "RSET", "NOOP":
            write(context, "250 2.0.0 Ok")
        case "QUIT":
            let channel = context.channel
            write(context, "221 2.0.0 Bye").whenComplete { _ in channel.close(promise: nil) }
        default:
            write(context, "502 5.5.2 Error: command not recognized")
        }
    }

    private func respond(_ context: ChannelHandlerContext, verb: String, normal: String) {
        apply(behaviour.overrides[verb] ?? .text(normal), context)
    }

    private func apply(_ reply: FakeSMTPServer.Reply, _ context: ChannelHandlerContext) {
        switch reply {
        case .text(let text): write(context, text)
        case .stall: mode = .stalled
        case .close: context.close(promise: nil)
        }
    }

    @discardableResult
    private func write(_ context: ChannelHandlerContext, _ text: String) -> EventLoopFuture<Void> {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")))
    }

    private func decode(_ base64: String) -> String {
        Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}
