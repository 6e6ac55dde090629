import Foundation
import ManageSieve

/// The managesieved of `scripts/mailstack`, from its `MAILSTACK_*` environment. Integration
/// tests are skipped without it on a developer machine and fail when `CI=true`.
enum MailStack {
    static let environment = ProcessInfo.processInfo.environment

    static var isConfigured: Bool { environment["MAILSTACK_SIEVE_PORT"] != nil && environment["MAILSTACK_CA_FILE"] != nil }
    static var shouldRun: Bool { isConfigured || environment["CI"] == "true" }
    static var domain: String { environment["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr" }

    static func configuration(commandTimeout: Duration = .seconds(20), port: Int? = nil) throws -> ManageSieveConfiguration {
        guard let text = environment["MAILSTACK_SIEVE_PORT"], let sievePort = Int(text) else {
            throw MailStackError.missing("MAILSTACK_SIEVE_PORT")
        }
        return ManageSieveConfiguration(host: environment["MAILSTACK_HOST"] ?? "127.0.0.1", port: port ?? sievePort,
                                        caFilePath: environment["MAILSTACK_CA_FILE"], commandTimeout: commandTimeout)
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A dedicated account per suite (created once per process), so suites never share scripts.
    static func account(_ localPart: String) throws -> ManageSieveCredentials {
        let username = "\(localPart)@\(domain)"
        let password = "T3st-\(localPart)-pw"
        lock.lock()
        defer { lock.unlock() }
        if !created.contains(username) {
            let process = Process()
            process.executableURL = repositoryRoot.appendingPathComponent("scripts/mailstack")
            process.arguments = ["adduser", username, password]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw MailStackError.adduserFailed(username) }
            created.insert(username)
        }
        return ManageSieveCredentials(username: username, password: password)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var created: Set<String> = []
}

enum MailStackError: Error {
    case missing(String)
    case adduserFailed(String)
}
