// swift-tools-version: 6.1
// libFuzzer harnesses for the MIME module: the MIME parser (MIMEFuzz), the multipart/form-data
// request parser (FormDataFuzz), the address-book import readers (ContactFileFuzz). A separate package so the
// main build is never instrumented; Sources/MIME is a symlink to the real module. Run with ./run.sh.
import PackageDescription

let package = Package(
    name: "mime-fuzz",
    targets: [
        .target(name: "MIME"),
        .target(name: "FuzzDriver"),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME", "FuzzDriver"]),
        .executableTarget(name: "FormDataFuzz", dependencies: ["MIME", "FuzzDriver"]),
        // The address-book import readers: their files are symlinks to Sources/Webmail/Contacts.
        .executableTarget(name: "ContactFileFuzz", dependencies: ["MIME", "FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
