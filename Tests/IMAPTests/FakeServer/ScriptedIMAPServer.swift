import IMAP
import NIOCore
import NIOPosix

/// What the scripted server does in answer to one command line.
enum FakeAction: Sendable {
    /// Sends these bytes (use `{tag}` where the command's tag belongs).
    case reply(String)
    /// Sends these bytes, then closes the connection.
    case replyAndClose(String)
    /// Never answers.
    case silence
}

/// A loopback IMAP server that follows a script, for faults a real server will not produce on
/// demand: a disconnect in the middle of a literal, silence, garbage, BYE in the middle of a command.
///
/// `respond(connectionIndex, commandLine)` decides per command; connections are numbered from 0
/// in the order they arrive, so a test can break the first connection and let the next one work.
final class ScriptedIMAPServer: Sendable {
    typealias Responder = @Sendable (_ connection: Int, _ command: String) -> FakeAction

    static let capabilities = "IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE"

    let port: Int
    private let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let task: Task<Void, Never>

    private init(port: Int, channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, task: Task<Void, Never>) {
        self.port = port
        self.channel = channel
        self.task = task
    }

    /// - Parameter greeting: the first line; by default an OK with `capabilities`.
    static func start(
        capabilities: String = ScriptedIMAPServer.capabilities, greeting: String? = nil, _ respond: @escaping Responder
    ) async throws -> ScriptedIMAPServer {
        let greeting = greeting ?? "* OK [CAPABILITY \(capabilities)] fake ready\r\n"
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let port = channel.channel.localAddress?.port ?? 0
        let task = Task<Void, Never> {
            _ = try? await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    var index = 0
                    for try await connection in inbound {
                        let number = index
                        index += 1
                        group.addTask {
                            try? await serve(
                                connection, number: number, greeting: greeting, capabilities: capabilities, respond: respond)
                        }
                    }
                }
            }
        }
        return ScriptedIMAPServer(port: port, channel: channel, task: task)
    }

    // 30 s by default: the tests on a scripted server are about what it answers, and in CI the
    // module's CPU-heavy tests hold both cooperative threads for seconds at a time, so a 5-second
    // deadline fired on answers that were coming (three CI runs in sessions 19 and 20, each on
    // another test). A test about a timeout passes its own, shorter one.
    func configuration(commandTimeout: Duration = .seconds(30)) -> IMAPConfiguration {
        IMAPConfiguration(
            host: "127.0.0.1", port: port, security: .plainText(allowLoopbackCredentials: true),
            commandTimeout: commandTimeout)
    }

    func stop() async {
        try? await channel.channel.close()
        task.cancel()
    }

    private static func serve(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, number: Int, greeting: String, capabilities: String,
        respond: Responder
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: greeting))
            var pending: [UInt8] = []
            for try await chunk in inbound {
                pending.append(contentsOf: chunk.readableBytesView)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: "\r")
                    pending.removeSubrange(...newline)
                    guard let space = line.firstIndex(of: " ") else { continue }
                    let tag = String(line[..<space])
                    let command = String(line[line.index(after: space)...])
                    switch respond(number, command) {
                    case .reply(let text):
                        // The session's capabilities replace the defaults in CAPABILITY and LOGIN answers.
                        let answer = text.replacingOccurrences(of: "{tag}", with: tag)
                            .replacingOccurrences(of: ScriptedIMAPServer.capabilities, with: capabilities)
                        try await outbound.write(ByteBuffer(string: answer))
                    case .replyAndClose(let text):
                        try await outbound.write(ByteBuffer(string: text.replacingOccurrences(of: "{tag}", with: tag)))
                        return
                    case .silence:
                        continue
                    }
                }
            }
        }
    }

    /// Answers for the ordinary commands of a session; tests override the ones they break.
    static func standard(_ command: String) -> FakeAction {
        let verb = command.split(separator: " ").prefix(2).joined(separator: " ").uppercased()
        switch verb {
        case _ where verb.hasPrefix("CAPABILITY"): return .reply("* CAPABILITY \(capabilities)\r\n{tag} OK done\r\n")
        case _ where verb.hasPrefix("LOGIN"): return .reply("{tag} OK [CAPABILITY \(capabilities)] logged in\r\n")
        case _ where verb.hasPrefix("SELECT"), _ where verb.hasPrefix("EXAMINE"):
            return .reply("* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n{tag} OK [READ-WRITE] selected\r\n")
        case _ where verb.hasPrefix("NOOP"): return .reply("{tag} OK noop\r\n")
        case _ where verb.hasPrefix("LOGOUT"): return .replyAndClose("* BYE bye\r\n{tag} OK logout\r\n")
        case "UID FETCH":
            return .reply("* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\n{tag} OK fetched\r\n")
        default: return .reply("{tag} BAD unknown\r\n")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
