// swift-tools-version: 6.1
// libFuzzer target for the IMAP response decoder. A separate package so that the fuzzer's
// instrumentation (-sanitize=fuzzer,address applies to every target built) never touches the
// main build. IMAPParserCore is the IMAP module's dependency-free layers (framing, parser,
// models, encoder), linked in by symlink: the code fuzzed is the code shipped.
import PackageDescription

let package = Package(
    name: "imap-fuzz",
    targets: [
        .target(name: "IMAPParserCore"),
        // The libFuzzer driver call, shared with fuzz/mime (a symlink to its FuzzDriver).
        .target(name: "FuzzDriver"),
        .executableTarget(name: "IMAPResponseFuzzer", dependencies: ["IMAPParserCore", "FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
