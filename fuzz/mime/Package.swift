// swift-tools-version: 6.1
// libFuzzer harnesses for the MIME module: the parser (MIMEFuzz) and the cid: rewrite
// (CIDLinkFuzz). A separate package so the main build is never instrumented; Sources/MIME is a
// symlink to the real module. Run with ./run.sh.
import PackageDescription

let package = Package(
    name: "mime-fuzz",
    targets: [
        .target(name: "MIME"),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME"]),
        // Its main.swift is a symlink to MIMEFuzz's (the same libFuzzer driver call).
        .executableTarget(name: "CIDLinkFuzz", dependencies: ["MIME"]),
    ],
    swiftLanguageModes: [.v6]
)
