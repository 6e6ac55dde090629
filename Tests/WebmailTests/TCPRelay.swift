import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP relay in front of a real server that a test can stop: to the webmail the server has
/// gone away (connections refused, and the connections in flight closed), while the shared
/// server itself keeps running for the other tests.
final class TCPRelay: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    let port: Int
    private let channel: NIOAsyncChannel<Connection, Never>
    private let task: Task<Void, Never>
    private let open: OpenChannels

    /// The accepted channels not yet closed, so that `stop()` can close them: a relay loop
    /// blocked on a write need not notice cancellation.
    final class OpenChannels: Sendable {
        private let state = NIOLockedValueBox<(stopped: Bool, channels: [ObjectIdentifier: any Channel])>((false, [:]))

        /// False once stopped: the channel is then closed at once.
        func add(_ channel: any Channel) -> Bool {
            let added = state.withLockedValue { state -> Bool in
                guard !state.stopped else { return false }
                state.channels[ObjectIdentifier(channel)] = channel
                return true
            }
            if !added { channel.close(promise: nil) }
            return added
        }

        func remove(_ channel: any Channel) {
            _ = state.withLockedValue { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
        }

        func closeAll() {
            let channels = state.withLockedValue { state in
                state.stopped = true
                defer { state.channels = [:] }
                return Array(state.channels.values)
            }
            for channel in channels { channel.close(promise: nil) }
        }
    }

    private init(port: Int, channel: NIOAsyncChannel<Connection, Never>, task: Task<Void, Never>, open: OpenChannels) {
        self.port = port
        self.channel = channel
        self.task = task
        self.open = open
    }

    /// `listenPort` 0: any free port; a port of an earlier, stopped relay brings the server "back".
    static func start(to host: String, port upstreamPort: Int, listenPort: Int = 0) async throws -> TCPRelay {
        let open = OpenChannels()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: listenPort) { child in
                child.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: child) }
            }
        let task = Task<Void, Never> {
            _ = try? await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await client in inbound {
                        group.addTask { try? await relay(client, to: host, port: upstreamPort, open: open) }
                    }
                }
            }
        }
        return TCPRelay(port: channel.channel.localAddress?.port ?? 0, channel: channel, task: task, open: open)
    }

    /// Copies bytes both ways until either side closes. The upstream connection is made inside
    /// the client's `executeThenClose`, so that a failed connect still closes the client.
    private static func relay(_ client: Connection, to host: String, port: Int, open: OpenChannels) async throws {
        try await client.executeThenClose { clientIn, clientOut in
            guard open.add(client.channel) else { return }
            defer { open.remove(client.channel) }
            let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
                }
            try await upstream.executeThenClose { upstreamIn, upstreamOut in
                guard open.add(upstream.channel) else { return }
                defer { open.remove(upstream.channel) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for try await bytes in clientIn { try await upstreamOut.write(bytes) } }
                    group.addTask { for try await bytes in upstreamIn { try await clientOut.write(bytes) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// Stops listening and closes the connections in flight.
    func stop() async {
        try? await channel.channel.close()
        open.closeAll()
        task.cancel()
    }
}
