// swift-tools-version: 6.1
// zioinfo-mail: Swift webmail backend for Zioinfo's Postfix + Dovecot server.
// Dependency direction (DESIGN.md): zioinfo-mail -> Deployment -> Webmail -> {IMAP, SMTP, ManageSieve};
// Webmail -> MIME and SMTP -> MIME; IMAP and ManageSieve depend on none of ours. Each target lists exactly what
// its files import (tests/structure/test_manifest.py holds it to that).
import PackageDescription

let package = Package(
    name: "zioinfo-mail",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MIME", targets: ["MIME"]),
        .library(name: "IMAP", targets: ["IMAP"]),
        .library(name: "SMTP", targets: ["SMTP"]),
        .library(name: "ManageSieve", targets: ["ManageSieve"]),
        .library(name: "Webmail", targets: ["Webmail"]),
        .library(name: "Deployment", targets: ["Deployment"]),
        .executable(name: "zioinfo-mail", targets: ["zioinfo-mail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The state store's two engines (Sources/Webmail/State): SQLite for one host, PostgreSQL
        // for several instances sharing state.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        // Tests only: a client that really sends hundreds of logins at once (the login burst tests).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Internet mail: parsing and building. Foundation only.
        .target(name: "MIME"),
        // IMAP4rev1 client on SwiftNIO. Self-contained (no MIME): its parser is fuzzed and
        // benchmarked as a package of its own sources, and INTERNALDATE is IMAP's own format.
        .target(
            name: "IMAP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SMTP submission client on SwiftNIO. MIME: `SendRequest(building:)`, the one way outgoing
        // mail is made from a `MessageBuilder` (in the forms the server takes: Punycode or SMTPUTF8).
        .target(
            name: "SMTP",
            dependencies: [
                "MIME",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // ManageSieve (RFC 5804) client on SwiftNIO: the Sieve scripts behind filters and the
        // 부재중 auto-reply. Self-contained like IMAP: its parser is fuzzed as a package of its own sources.
        .target(
            name: "ManageSieve",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The system's zlib (the SPA's assets are gzipped once at start-up).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The HTTP application.
        .target(
            name: "Webmail",
            dependencies: [
                "MIME", "IMAP", "SMTP", "ManageSieve", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTP1Channel's configuration (idle timeout) and the request-head deadline's
                // place in its pipeline (HTTPRequestPart).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The state store's engines (State/), and the TLS settings of its PostgreSQL connection.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // `zioinfo-mail check` and `verify`: the install's and the deployment's checks, with
        // their own HTTP/1.1 client; not part of the server.
        .target(
            name: "Deployment",
            dependencies: [
                "Webmail", "IMAP", "SMTP", "ManageSieve",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "zioinfo-mail",
            dependencies: [
                "Webmail", "Deployment",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MIMETests", dependencies: ["MIME"]),
        .testTarget(
            name: "ManageSieveTests",
            dependencies: [
                "ManageSieve",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "IMAPTests",
            dependencies: [
                "IMAP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SMTPTests",
            dependencies: [
                "SMTP", "IMAP", "MIME",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "WebmailTests",
            dependencies: [
                "Webmail", "IMAP", "SMTP", "MIME",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // TCPRelay: a real server that a test can take away (HealthProbeTests).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The state store suite: a second SQLite connection that holds the lock, and the
                // PostgreSQL client that makes and drops a database per test.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "DeploymentTests", dependencies: ["Deployment", "Webmail"]),
    ],
    swiftLanguageModes: [.v6]
)
