import NIOCore
import NIOPosix

/// A TCP relay in front of a real server that a test can stop: to the webmail the server has
/// gone away (connections refused), while the shared server itself keeps running for the
/// other tests.
final class TCPRelay: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    let port: Int
    private let channel: NIOAsyncChannel<Connection, Never>
    private let task: Task<Void, Never>

    private init(port: Int, channel: NIOAsyncChannel<Connection, Never>, task: Task<Void, Never>) {
        self.port = port
        self.channel = channel
        self.task = task
    }

    /// `listenPort` 0: any free port; a port of an earlier, stopped relay brings the server "back".
    static func start(to host: String, port upstreamPort: Int, listenPort: Int = 0) async throws -> TCPRelay {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: listenPort) { child in
                child.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: child) }
            }
        let task = Task<Void, Never> {
            _ = try? await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await client in inbound {
                        group.addTask { try? await relay(client, to: host, port: upstreamPort) }
                    }
                }
            }
        }
        return TCPRelay(port: channel.channel.localAddress?.port ?? 0, channel: channel, task: task)
    }

    /// Copies bytes both ways until either side closes.
    private static func relay(_ client: Connection, to host: String, port: Int) async throws {
        let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
            }
        try await client.executeThenClose { clientIn, clientOut in
            try await upstream.executeThenClose { upstreamIn, upstreamOut in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for try await bytes in clientIn { try await upstreamOut.write(bytes) } }
                    group.addTask { for try await bytes in upstreamIn { try await clientOut.write(bytes) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// Stops listening and drops the connections in flight.
    func stop() async {
        try? await channel.channel.close()
        task.cancel()
    }
}
