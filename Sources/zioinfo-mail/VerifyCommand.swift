import ArgumentParser
import Deployment
import Foundation
import Webmail

/// `zioinfo-mail verify` — the seed's Phase 4 after a deployment: the systemd service is active
/// (where systemd runs), the API answers /health, an account logs in and lists its messages,
/// and nginx serves the SPA and proxies the API over HTTPS with a verified certificate.
/// Writes deploy-result.json and exits non-zero when any check failed.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a deployment (seed Phase 4) and write deploy-result.json.",
        discussion: """
            The login checks run when --user is given. The password is read from the file given \
            with --password-file, else from the environment variable \(passwordVariable); it is \
            never accepted on the command line. Exit status: 0 all checks passed, 1 a check failed.
            """
    )

    static let passwordVariable = "ZIOINFO_VERIFY_PASSWORD"

    @Option(help: "The backend's own address (seed: http://localhost:8026).")
    var apiURL = "http://127.0.0.1:8026"

    @Option(help: "The site through nginx, over HTTPS.")
    var nginxURL = "https://mail.zioinfo.co.kr:8025/"

    @Option(help: "PEM file of the CA(s) that signed nginx's certificate; the system roots when absent.")
    var caFile: String?

    @Option(help: "The account for the login and message-list checks, e.g. ythong@zioinfo.co.kr.")
    var user: String?

    @Option(help: "A file holding the account's password (first line).")
    var passwordFile: String?

    @Option(help: "The folder whose message list is fetched.")
    var folder = "INBOX"

    @Option(help: "The systemd unit checked with `systemctl is-active` (when systemd runs).")
    var service = "zioinfo-mail"

    @Option(help: "Where deploy-result.json is written.")
    var output = "deploy-result.json"

    @Option(help: "Seconds each request may take.")
    var timeout = 15

    func validate() throws {
        guard URL(string: apiURL)?.host != nil else { throw ValidationError("--api-url is not a URL: \(apiURL)") }
        guard let nginx = URL(string: nginxURL), nginx.host != nil, nginx.scheme == "https" else {
            throw ValidationError("--nginx-url must be an https:// URL: \(nginxURL)")
        }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be 1…600 seconds") }
        if passwordFile != nil && user == nil { throw ValidationError("--password-file needs --user") }
    }

    func run() async throws {
        let settings = DeploymentVerifierSettings(
            apiURL: URL(string: apiURL)!, nginxURL: URL(string: nginxURL)!,
            serviceName: service, account: try account(), folder: folder)
        let client = VerifyHTTPClient(caFile: caFile, timeout: .seconds(Int64(timeout)))
        let report = await DeploymentVerifier(settings: settings, client: client).run(version: WebmailVersion.current)
        for check in report.checks {
            print("\(check.ok ? "ok  " : "FAIL") \(check.name) (\(check.elapsedMilliseconds) ms): \(check.detail)")
        }
        do {
            try report.write(to: output)
        } catch {
            print("cannot write \(output): \(error)")
            throw ExitCode.failure
        }
        print(report.ok ? "deployment verified; wrote \(output)" : "deployment NOT verified; wrote \(output)")
        if !report.ok { throw ExitCode.failure }
    }

    /// The login account, its password from --password-file or the environment.
    private func account() throws -> VerifyAccount? {
        guard let user else { return nil }
        var password: String
        if let passwordFile {
            do {
                password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read --password-file \(passwordFile)")
            }
            // The first line only: files written by `echo` end with a newline.
            password = String(password.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            if password.hasSuffix("\r") { password.removeLast() }
        } else if let fromEnvironment = ProcessInfo.processInfo.environment[Self.passwordVariable] {
            password = fromEnvironment
        } else {
            throw ValidationError("--user needs a password: --password-file FILE or \(Self.passwordVariable) in the environment")
        }
        guard !password.isEmpty else { throw ValidationError("the password for \(user) is empty") }
        return VerifyAccount(username: user, password: password)
    }
}
