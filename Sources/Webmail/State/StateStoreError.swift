/// Why the state store could not do what was asked. The descriptions are for logs and for the
/// operator at start-up; they never hold a password (the database URL is only ever shown
/// redacted) nor a statement's bound values.
public enum StateStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The database cannot be reached or stopped answering (PostgreSQL down, connection refused):
    /// requests that need it get 503 `state_store_unavailable`; the store recovers by itself.
    case unavailable(String)
    /// Another process holds the SQLite file's lock beyond the busy timeout.
    case locked(String)
    /// The SQLite file or its folder cannot be written (permissions, read-only mount, disk full).
    case notWritable(String)
    /// The database was migrated by a newer zioinfo-mail: this binary must not touch it.
    case schemaTooNew(found: Int, supported: Int)
    /// Anything else the engine reported (a bug of ours, a corrupt file).
    case failed(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "the state database is unavailable: \(why)"
        case .locked(let why): "the state database is locked by another process: \(why)"
        case .notWritable(let why): "the state database cannot be written: \(why)"
        case .schemaTooNew(let found, let supported):
            "the state database has schema version \(found), newer than this zioinfo-mail knows (\(supported)): "
                + "it was migrated by a newer release; run that release (or newer) instead, never an older one"
        case .failed(let why): "the state database failed: \(why)"
        }
    }
}
