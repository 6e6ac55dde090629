import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import SQLiteNIO

/// The embedded engine: one SQLite file (`ZM_DATABASE_URL=sqlite:`, by default
/// `ZM_STATE_DIR/state.sqlite`) for one process. sqlite-nio runs every libsqlite3 call on its
/// own thread pool, never on an event loop; this class keeps one connection and runs one
/// transaction at a time on it (`AsyncMutex`), each `BEGIN IMMEDIATE` so that it holds the
/// file's write lock from its start (another process, e.g. `zioinfo-mail migrate`, waits up to
/// `busyTimeout`, then gets `StateStoreError.locked`).
///
/// WAL journal with `synchronous=FULL`: a committed transaction survives a kill -9 or a power
/// cut, and a transaction cut short leaves nothing behind.
final class SQLiteStateStore: StateStore {
    let engine = StateEngine.sqlite
    let path: String
    let busyTimeout: Duration
    private let logger: Logger
    private let mutex = AsyncMutex()
    private let connection = NIOLockedValueBox<SQLiteConnection?>(nil)
    private let hub = NoticeHub()

    init(path: String, busyTimeout: Duration = .seconds(5), logger: Logger) {
        self.path = path
        self.busyTimeout = busyTimeout
        self.logger = logger
    }

    deinit {
        // A store that was never run as a service (a test, `migrate`) still lets its file go.
        if let open = connection.withLockedValue({ $0 }) { _ = open.close() as EventLoopFuture<Void> }
    }

    func prepare() async throws {
        _ = try await openConnection()
    }

    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any StateTransaction) async throws -> Result
    ) async throws -> Result {
        let connection = try await openConnection()
        return try await mutex.withLock { try await self.run(body, on: connection) }
    }

    func publish(_ payload: String, on channel: StateChannel) async throws {
        hub.deliver(.message(payload), on: channel)
    }

    func notices(on channel: StateChannel) -> AsyncStream<StateNotice> {
        hub.subscribe(channel)
    }

    func run() async throws {
        // Nothing runs in the background: wait for the shutdown, then let the file go.
        try? await gracefulShutdown()
        hub.finishAll()
        let open = connection.withLockedValue { connection in
            defer { connection = nil }
            return connection
        }
        // The future form: the async one gives up at once in a cancelled task, leaving the file open.
        try? await open?.close().get()
    }

    /// The open connection, opening it (and migrating the file) on first use.
    private func openConnection() async throws -> SQLiteConnection {
        if let open = connection.withLockedValue({ $0 }) { return open }
        return try await mutex.withLock {
            if let open = self.connection.withLockedValue({ $0 }) { return open }
            let opened = try await self.open()
            self.connection.withLockedValue { $0 = opened }
            return opened
        }
    }

    private func open() async throws -> SQLiteConnection {
        let descriptor = try createPrivately()
        defer { close(descriptor) }
        // Processes opening the same new file at once would deadlock in SQLite's locks while one
        // switches the journal to WAL and another already writes: the opening steps take turns
        // under an flock of the file (SQLite's own locks are fcntl locks, independent of it).
        try await takeTurn(descriptor)
        defer { flock(descriptor, LOCK_UN) }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw mapped(error)
        }
        do {
            // Replaces sqlite-nio's busy handler, which would wait for ever.
            let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
            _ = try await connection.query("PRAGMA busy_timeout = \(milliseconds)")
            _ = try await connection.query("PRAGMA journal_mode = WAL")
            _ = try await connection.query("PRAGMA synchronous = FULL")
            let report = try await run({ try await Migrator.migrate($0) }, on: connection)
            if !report.applied.isEmpty {
                logger.info("state database migrated", metadata: [
                    "engine": "sqlite", "path": "\(path)", "from": "\(report.from)", "to": "\(report.to)"])
            }
            return connection
        } catch {
            try? await connection.close()
            throw mapped(error)
        }
    }

    /// The database file, open; a missing one is created 0600 before SQLite opens it (SQLite
    /// would use the umask; its -wal and -shm files then copy this mode).
    private func createPrivately() throws -> Int32 {
        // A state folder removed after the start (or never made, for a path of its own) is made
        // again, private: the file is the store, its folder is not worth failing for.
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateStoreError.notWritable("\(path) cannot be created or opened: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// Waits (without blocking a thread) for the file's flock, at most `busyTimeout`.
    private func takeTurn(_ descriptor: Int32) async throws {
        let deadline = ContinuousClock.now + busyTimeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                throw StateStoreError.locked("\(path) (waited \(busyTimeout))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private func run<Result: Sendable>(
        _ body: @Sendable (any StateTransaction) async throws -> Result, on connection: SQLiteConnection
    ) async throws -> Result {
        do {
            _ = try await connection.query("BEGIN IMMEDIATE")
        } catch {
            throw mapped(error)
        }
        do {
            let result = try await body(SQLiteTransaction(connection: connection))
            _ = try await connection.query("COMMIT")
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw mapped(error)
        }
    }

    private func mapped(_ error: any Error) -> any Error {
        guard let error = error as? SQLiteError else { return error }
        switch error.reason {
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .lockedBySharedCache:
            return StateStoreError.locked("\(path) (waited \(busyTimeout))")
        case .readOnly, .readonlyCantLock, .readonlyDirectory, .readonlyInRecovery, .readonlyInRollback,
             .readonlyBackingMoved, .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .permission, .full, .auth:
            return StateStoreError.notWritable("\(path): \(error.message)")
        default:
            return StateStoreError.failed("\(path): \(error.message)")
        }
    }
}

/// Statements of one SQLite transaction. SQLite's `?NNN` is PostgreSQL's `$NNN`.
struct SQLiteTransaction: StateTransaction {
    let connection: SQLiteConnection

    @discardableResult
    func query(_ sql: String, _ binds: [StateValue]) async throws -> [StateRow] {
        let rows = try await connection.query(Self.sqliteDialect(sql), binds.map(Self.data))
        return rows.map { row in StateRow(values: row.columns.map { Self.value($0.data) }) }
    }

    /// The write lock of `BEGIN IMMEDIATE` already keeps every other writer out.
    func serialize(on key: String) async throws {}

    static func sqliteDialect(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count)
        var previous: Character = " "
        for character in sql {
            if previous == "$", character.isASCII, character.isNumber { out.removeLast(); out.append("?") }
            out.append(character)
            previous = character
        }
        return out
    }

    static func data(_ value: StateValue) -> SQLiteData {
        switch value {
        case .text(let text): .text(text)
        case .integer(let integer): .integer(SQLiteInt64(integer))
        case .null: .null
        }
    }

    static func value(_ data: SQLiteData) -> StateValue {
        switch data {
        case .integer(let integer): .integer(Int64(integer))
        case .text(let text): .text(text)
        case .float(let double): .integer(Int64(double))
        case .blob, .null: .null
        }
    }
}
