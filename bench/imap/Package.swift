// swift-tools-version: 6.1
// IMAP benchmark: summaries per second for a 50-message page and MB/s for a streamed part,
// printed next to Python's imaplib on the same mailbox; and ListPageBench, the microseconds per
// message the webmail spends on a list page's FETCH answer (decode, list item JSON); and
// MessageOpenBench, the round trips and time of opening one message. Its own
// package so the release build needs only the IMAP module's dependencies; the sources are the
// repository's (symlinks).
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
        .executableTarget(name: "MessageOpenBench", dependencies: ["IMAP"]),
        .target(name: "MIME"),
        // The list page's per-message work in the server, without the network: the Webmail
        // files it runs are linked in (they need only Foundation, NIOCore, IMAP and MIME).
        .executableTarget(
            name: "ListPageBench",
            dependencies: ["IMAP", "MIME", .product(name: "NIOCore", package: "swift-nio")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
