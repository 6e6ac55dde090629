import Hummingbird

/// `GET /health`: the process is up; how IMAP and SMTP looked at the last probe; our version.
/// Always 200 while the process serves, so `curl -f /health` (seed Phase 4) tests the process,
/// and the mail servers' state is read from the body.
struct HealthController {
    let status: MailServerStatus

    struct Health: ResponseEncodable {
        let status: String
        let imap: MailServerState
        let smtp: MailServerState
        let version: String
    }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("health") { _, _ in
            Health(status: "ok", imap: status.imap, smtp: status.smtp, version: WebmailVersion.current)
        }
    }
}
