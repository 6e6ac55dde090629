import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import Webmail

/// A temporary folder, removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("zm-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A login verifier that knows one account, for tests of the HTTP layer alone.
struct FakeLoginVerifier: MailLoginVerifying {
    var email = "tester@zioinfo.co.kr"
    var password = "right-password"
    var reachable = true

    func verifyLogin(email: String, password: String) async throws(MailLoginError) {
        guard reachable else { throw .unavailable("connection refused") }
        guard email == self.email, password == self.password else { throw .invalidCredentials }
    }
}

/// Builds the app over a fresh state folder and (optionally) a static folder.
func makeTestConfiguration(stateDir: String, staticDir: String? = nil, tweak: (inout WebmailConfiguration) -> Void = { _ in }) -> WebmailConfiguration {
    var configuration = WebmailConfiguration()
    configuration.stateDir = stateDir
    configuration.staticDir = staticDir ?? stateDir + "/no-spa"
    configuration.mailDomain = "zioinfo.co.kr"
    configuration.logLevel = .warning
    tweak(&configuration)
    return configuration
}

extension TestResponse {
    /// The body decoded as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
    var text: String { String(buffer: body) }
}

/// Integration tests need the mail stack: they fail without it on CI, and are skipped elsewhere.
enum MailStackEnvironment {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var isCI: Bool { environment["CI"] == "true" }
    static var available: Bool { environment["MAILSTACK_IMAPS_PORT"] != nil }
    /// Use as `.enabled(if: MailStackEnvironment.runnable)`: true on CI even without the stack,
    /// so the test runs and fails there instead of being skipped.
    static var runnable: Bool { available || isCI }
}
