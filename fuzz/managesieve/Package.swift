// swift-tools-version: 6.1
// libFuzzer target for the ManageSieve response decoder. A separate package so that the fuzzer's
// instrumentation never touches the main build. ManageSieveParserCore is the ManageSieve module's
// dependency-free layers (parser, models), linked in by symlink: the code fuzzed is the code shipped.
import PackageDescription

let package = Package(
    name: "managesieve-fuzz",
    targets: [
        .target(name: "ManageSieveParserCore"),
        // The libFuzzer driver call, shared with fuzz/mime (a symlink to its FuzzDriver).
        .target(name: "FuzzDriver"),
        .executableTarget(name: "ManageSieveResponseFuzzer", dependencies: ["ManageSieveParserCore", "FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
