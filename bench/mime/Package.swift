// swift-tools-version: 6.1
// Parse-throughput benchmark of the MIME module next to CPython's email package.
// Sources/MIME is a symlink to the real module. Run with ./run.sh (release build).
import PackageDescription

let package = Package(
    name: "mime-bench",
    targets: [
        .target(name: "MIME"),
        .executableTarget(name: "MIMEBench", dependencies: ["MIME"]),
        .executableTarget(name: "HTMLTextBench", dependencies: ["MIME"]),
    ],
    swiftLanguageModes: [.v6]
)
