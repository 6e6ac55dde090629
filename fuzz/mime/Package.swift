// swift-tools-version: 6.1
// libFuzzer harness for the MIME parser. A separate package so the main build is never
// instrumented; Sources/MIME is a symlink to the real module. Run with ./run.sh.
import PackageDescription

let package = Package(
    name: "mime-fuzz",
    targets: [
        .target(name: "MIME"),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME"]),
    ],
    swiftLanguageModes: [.v6]
)
