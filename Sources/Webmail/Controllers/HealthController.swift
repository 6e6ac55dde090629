import Hummingbird

/// `GET /health`: the process is up; how IMAP and SMTP are (a probe at most 2 s old, see
/// `MailServerStatus.current()`); our version.
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
            let servers = await status.current()
            return Health(status: "ok", imap: servers.imap, smtp: servers.smtp, version: WebmailVersion.current)
        }
    }
}
