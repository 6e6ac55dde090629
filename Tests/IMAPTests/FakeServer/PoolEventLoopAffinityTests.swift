import NIOCore
import NIOPosix
import Testing
@testable import IMAP

/// The pool keeps a request's IMAP work on the event loop the request runs on (the webmail runs
/// its requests on NIO's loops): same-loop connections first, new ones opened there.
@Suite struct PoolEventLoopAffinityTests {
    static let credentials = IMAPCredentials(username: "fake", password: "pw")

    /// Runs every job of the tasks that prefer it on one event loop.
    final class OnLoopExecutor: TaskExecutor {
        let loop: any EventLoop
        init(_ loop: any EventLoop) { self.loop = loop }
        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            loop.execute { job.runSynchronously(on: executor) }
        }
    }

    /// The loop of the connection the pool hands out to a request running on `loop`, and the
    /// mailbox that connection had selected when it was handed out.
    static func connectionUsed(by pool: IMAPConnectionPool, on loop: any EventLoop) async throws
        -> (loop: any EventLoop, selected: MailboxName?)
    {
        try await withTaskExecutorPreference(OnLoopExecutor(loop)) {
            try await pool.withConnection(for: credentials) { connection in
                let selected = await connection.selectedMailbox?.name
                _ = try await connection.fetchRawMessage(in: .inbox, uid: 1)
                return (connection.eventLoop, selected)
            }
        }
    }

    @Test func aRequestGetsAConnectionOnItsOwnLoopOnceOneIsOpen() async throws {
        let server = try await ScriptedIMAPServer.start { _, command in ScriptedIMAPServer.standard(command) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let pool = IMAPConnectionPool(server: server.configuration())

        // The first request opens its connection on its own loop.
        let first = try await Self.connectionUsed(by: pool, on: loops[0])
        #expect(first.loop === loops[0])
        #expect(pool.openConnections == 1)

        // A request on the other loop is served at once by the idle connection of the first
        // loop, while one on its own loop is opened in the background, INBOX selected already.
        let second = try await Self.connectionUsed(by: pool, on: loops[1])
        #expect(second.loop === loops[0])
        await pool.finishBackgroundOpens()
        #expect(pool.openConnections == 2 && pool.idleConnections == 2)

        // From then on each loop's requests use that loop's connection.
        for loop in [loops[1], loops[0], loops[1]] {
            let used = try await Self.connectionUsed(by: pool, on: loop)
            #expect(used.loop === loop)
            #expect(used.selected == .inbox)
        }
        #expect(pool.openConnections == 2)

        await pool.shutdown()
        #expect(pool.openConnections == 0)
        await server.stop()
        try await group.shutdownGracefully()
    }

    @Test func theAccountLimitStillHolds() async throws {
        let server = try await ScriptedIMAPServer.start { _, command in ScriptedIMAPServer.standard(command) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let pool = IMAPConnectionPool(server: server.configuration(), limits: .init(maximumPerAccount: 1))

        _ = try await Self.connectionUsed(by: pool, on: loops[0])
        // One connection allowed: the other loop's request shares it and nothing else is opened.
        let second = try await Self.connectionUsed(by: pool, on: loops[1])
        await pool.finishBackgroundOpens()
        #expect(second.loop === loops[0])
        #expect(pool.openConnections == 1)

        await pool.shutdown()
        await server.stop()
        try await group.shutdownGracefully()
    }
}
