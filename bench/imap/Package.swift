// swift-tools-version: 6.1
// IMAP benchmark: summaries per second for a 50-message page and MB/s for a streamed part,
// printed next to Python's imaplib on the same mailbox. Its own package so the release build
// needs only the IMAP module's dependencies; the IMAP sources are the repository's (symlink).
import PackageDescription

let package = Package(
    name: "imap-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
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
        .executableTarget(name: "IMAPBench", dependencies: ["IMAP"]),
    ],
    swiftLanguageModes: [.v6]
)
