import Foundation
import IMAP
import Logging
import SMTP

/// The configured mail servers as the IMAP and SMTP modules see them, and the probes of
/// `/health` (up or not; no credentials sent). `zioinfo-mail check` says what is wrong and what
/// to do (Deployment's `MailServerChecks`).
public enum MailServerProbes {
    public static func imapConfiguration(_ configuration: WebmailConfiguration) -> IMAPConfiguration {
        IMAPConfiguration(
            host: configuration.imap.host, port: configuration.imap.port,
            security: configuration.imap.security == .implicit ? .implicitTLS : .startTLS,
            caFilePath: configuration.caFile, connectTimeout: .seconds(10), commandTimeout: .seconds(30)
        )
    }

    public static func smtpConfiguration(_ configuration: WebmailConfiguration) -> SMTPConfiguration {
        SMTPConfiguration(
            host: configuration.smtp.host, port: configuration.smtp.port,
            security: configuration.smtp.security == .implicit ? .implicitTLS : .startTLS,
            caFilePath: configuration.caFile
        )
    }

    /// Up: the server answers over TLS (implicit or STARTTLS, as configured).
    static func imap(_ configuration: WebmailConfiguration) -> MailServerStatus.Probe {
        { (try? await IMAPConnection.probe(configuration: imapConfiguration(configuration)))?.isEncrypted == true }
    }

    /// Up: the server answers over TLS and offers AUTH.
    static func smtp(_ configuration: WebmailConfiguration) -> MailServerStatus.Probe {
        {
            let result = try? await SMTPClient(configuration: smtpConfiguration(configuration)).probe()
            return result.map { !$0.capabilities.authMechanisms.isEmpty } ?? false
        }
    }
}
