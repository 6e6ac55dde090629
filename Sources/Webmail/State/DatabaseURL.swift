import Foundation

/// Where the state store lives (`ZM_DATABASE_URL`, `--database-url`):
/// - `sqlite:` (the default): `state.sqlite` under `ZM_STATE_DIR`; `sqlite:/an/absolute/path.db`
///   names the file;
/// - `postgres://user:password@host:port/database?sslmode=…` (or `postgresql://`): a PostgreSQL
///   server that several instances share. `sslmode=verify-full` (the default) requires TLS and
///   verifies the server's certificate and name, against the system's roots, `ZM_CA_FILE` and
///   `sslrootcert=FILE`; `sslmode=disable` is allowed only for a loopback host. libpq's
///   `require`/`verify-ca`/`prefer`/`allow` are refused: they accept a certificate nobody checked.
///
/// The password is never shown: `description` and every error print the URL with `***` instead.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String?)
    case postgres(PostgresEndpoint)

    public struct PostgresEndpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        public var tls: TLSMode
        /// `sslrootcert=`: a PEM file of CAs trusted for this server, besides the system's.
        public var rootCertificate: String?

        public enum TLSMode: String, Sendable, Equatable {
            case disable
            case verifyFull = "verify-full"
        }
    }

    public static let `default` = DatabaseURL.sqlite(path: nil)

    public var engineName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path ?? "")"
        case .postgres(let endpoint):
            "postgres://\(endpoint.user)\(endpoint.password == nil ? "" : ":***")@\(endpoint.host):\(endpoint.port)/\(endpoint.database)?sslmode=\(endpoint.tls.rawValue)"
        }
    }

    /// The SQLite file for this URL when the state folder is `stateDir`.
    func sqlitePath(stateDir: String) -> String? {
        guard case .sqlite(let path) = self else { return nil }
        return path ?? (stateDir as NSString).appendingPathComponent("state.sqlite")
    }

    struct ParseError: Error, Equatable {
        /// What the value should have been, for `ConfigurationError.invalidValue`.
        let expected: String
    }

    /// Parses a URL; a failure names what was expected and never repeats the password.
    init(parsing raw: String) throws(ParseError) {
        if raw == "sqlite:" || raw == "sqlite" {
            self = .sqlite(path: nil)
            return
        }
        if raw.hasPrefix("sqlite:") {
            var path = String(raw.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard path.hasPrefix("/"), !path.hasSuffix("/") else {
                throw ParseError(expected: "sqlite: or sqlite:/an/absolute/file.sqlite")
            }
            self = .sqlite(path: path)
            return
        }
        guard raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://"),
              let components = URLComponents(string: raw) else {
            throw ParseError(expected: "sqlite:, sqlite:/path or postgres://user:password@host:port/database?sslmode=verify-full")
        }
        guard let host = components.host, !host.isEmpty else { throw ParseError(expected: "a postgres:// URL with a host") }
        guard let user = components.user, !user.isEmpty else { throw ParseError(expected: "a postgres:// URL with a user name (user:password@host)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw ParseError(expected: "a postgres:// URL ending in /database") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw ParseError(expected: "a postgres:// URL with a port from 1 to 65535") }
        var tls = PostgresEndpoint.TLSMode.verifyFull
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "verify-full": tls = .verifyFull
                case "disable": tls = .disable
                default:
                    throw ParseError(expected: "a postgres:// URL with sslmode=verify-full (TLS, certificate verified) or sslmode=disable (loopback only); other modes do not verify the server")
                }
            case "sslrootcert":
                guard let path = item.value, FileManager.default.isReadableFile(atPath: path) else {
                    throw ParseError(expected: "a postgres:// URL whose sslrootcert= is a readable PEM file")
                }
                rootCertificate = path
            default:
                throw ParseError(expected: "a postgres:// URL with only sslmode= and sslrootcert= options (unknown option \(item.name))")
            }
        }
        if tls == .disable, !Self.isLoopback(host) {
            throw ParseError(expected: "a postgres:// URL with TLS: sslmode=disable is allowed only for a loopback host (127.0.0.1, ::1, localhost)")
        }
        self = .postgres(PostgresEndpoint(host: host, port: port, user: user, password: components.password,
                                          database: database, tls: tls, rootCertificate: rootCertificate))
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `raw` with the password of a postgres:// URL replaced by `***`, for error messages about it.
    static func redacted(_ raw: String) -> String {
        guard let components = URLComponents(string: raw), components.password != nil,
              let at = raw.lastIndex(of: "@"), let schemeEnd = raw.range(of: "://") else {
            // Not a URL we can take apart: show none of it past the scheme.
            return raw.contains("@") ? (raw.components(separatedBy: "://").first ?? "") + "://***" : raw
        }
        let credentials = raw[schemeEnd.upperBound..<at]
        let user = credentials.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return String(raw[..<schemeEnd.upperBound]) + user + ":***" + String(raw[at...])
    }
}
