import Foundation
import Webmail

/// The seed's Phase 1, read-only: is the mail server there with verified TLS, are the ports
/// free, can the install folders be made? Each check is independent; all run even when one fails.
public struct InfraCheck: Sendable {
    /// What a probe found: nil when fine, else a detail that says what to do.
    public typealias Probe = @Sendable () async -> (ok: Bool, detail: String)

    let configuration: WebmailConfiguration
    let imapProbe: Probe
    let smtpProbe: Probe
    let sieveProbe: Probe

    public init(configuration: WebmailConfiguration, imapProbe: Probe? = nil, smtpProbe: Probe? = nil, sieveProbe: Probe? = nil) {
        self.configuration = configuration
        self.imapProbe = imapProbe ?? MailServerChecks.imap(configuration)
        self.smtpProbe = smtpProbe ?? MailServerChecks.smtp(configuration)
        self.sieveProbe = sieveProbe ?? MailServerChecks.sieve(configuration)
    }

    public func run() async -> InfraCheckReport {
        var checks: [InfraCheckResult] = []
        checks.append(await timed("imap") { await imapProbe() })
        checks.append(await timed("smtp") { await smtpProbe() })
        checks.append(await timed("sieve") { await sieveProbe() })
        let http = configuration.httpPort
        checks.append(await timed("http_port") {
            PortCheck.free(host: configuration.httpHost, port: http, remedy: "stop whatever holds it, or move zioinfo-mail with ZM_HTTP_PORT=\(http + 1) (and nginx's proxy_pass with it)")
        })
        let nginx = configuration.nginxPort
        checks.append(await timed("nginx_port") {
            PortCheck.free(host: "0.0.0.0", port: nginx, remedy: "stop whatever holds it (another nginx site?), or choose another port with ZM_NGINX_PORT and the nginx listen line")
        })
        for folder in configuration.installDirs {
            checks.append(await timed("install_dir \(folder)") { FolderCheck.creatable(folder) })
        }
        return InfraCheckReport(checks: checks)
    }

    private func timed(_ name: String, _ body: () async -> (ok: Bool, detail: String)) async -> InfraCheckResult {
        let start = ContinuousClock.now
        let outcome = await body()
        let elapsed = ContinuousClock.now - start
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return InfraCheckResult(name: name, ok: outcome.ok, detail: outcome.detail, elapsedMs: ms)
    }
}
