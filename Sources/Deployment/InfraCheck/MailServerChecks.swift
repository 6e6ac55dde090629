import Foundation
import IMAP
import ManageSieve
import SMTP
import Webmail

/// `zioinfo-mail check`'s probes of the configured mail servers: what is wrong and what to do,
/// after the seed's error table. Neither sends credentials.
enum MailServerChecks {
    static func imap(_ configuration: WebmailConfiguration) -> InfraCheck.Probe {
        {
            let endpoint = configuration.imap
            let target = "\(endpoint.host):\(endpoint.port)"
            let mode = endpoint.security == .implicit ? "implicit TLS" : "STARTTLS"
            do {
                let result = try await IMAPConnection.probe(configuration: MailServerProbes.imapConfiguration(configuration))
                guard result.isEncrypted else { return (false, "IMAP \(target) answered without TLS: enable ssl = required in Dovecot") }
                return (true, "IMAP \(target) reachable, \(mode) TLS verified (\(result.greeting.prefix(60)))")
            } catch let error as IMAPError {
                return (false, imapAdvice(error, target: target, configuration: configuration))
            } catch {
                return (false, "IMAP \(target): \(error)")
            }
        }
    }

    static func imapAdvice(_ error: IMAPError, target: String, configuration: WebmailConfiguration) -> String {
        switch error {
        case .connectionFailed(let text):
            return "cannot connect to IMAP \(target) (\(refusedOr(text))): is Dovecot running and listening there? "
                + "Check `systemctl status dovecot` and ZM_IMAP_HOST/ZM_IMAP_PORT, then retry"
        case .tlsFailed(let text):
            return "IMAP \(target) TLS failed, certificate not verified (\(text)): check Dovecot's SSL setup "
                + "(ssl_cert, e.g. /etc/ssl/guardia/server.crt, must name \(configuration.imap.host)); for a private CA "
                + "set ZM_CA_FILE to its certificate\(configuration.caFile.map { " (now \($0))" } ?? "")"
        case .timeout(let text):
            return "IMAP \(target) did not answer in time (\(text)): firewall, or a plain-text port used with ZM_IMAP_TLS=implicit?"
        default:
            return "IMAP \(target): \(error.description) — check Dovecot's log"
        }
    }

    static func smtp(_ configuration: WebmailConfiguration) -> InfraCheck.Probe {
        {
            let endpoint = configuration.smtp
            let target = "\(endpoint.host):\(endpoint.port)"
            let mode = endpoint.security == .implicit ? "implicit TLS" : "STARTTLS"
            do throws(SMTPError) {
                let result = try await SMTPClient(configuration: MailServerProbes.smtpConfiguration(configuration)).probe()
                guard !result.capabilities.authMechanisms.isEmpty else {
                    return (false, "SMTP \(target) offers no AUTH after \(mode): SASL is not set up — check "
                        + "`postconf smtpd_sasl_auth_enable smtpd_sasl_type smtpd_sasl_path` and the submission service in master.cf")
                }
                let mechanisms = result.capabilities.authMechanisms.joined(separator: " ")
                return (true, "SMTP \(target) reachable, \(mode) verified, AUTH \(mechanisms)")
            } catch {
                return (false, smtpAdvice(error, target: target, configuration: configuration))
            }
        }
    }

    static func smtpAdvice(_ error: SMTPError, target: String, configuration: WebmailConfiguration) -> String {
        switch error.kind {
        case .connectionFailed:
            return "cannot connect to SMTP \(target) (\(refusedOr(error.message))): is Postfix running with the submission "
                + "service (587) enabled in master.cf? Check `systemctl status postfix` and ZM_SMTP_HOST/ZM_SMTP_PORT"
        case .tlsUnavailable:
            return "SMTP \(target) does not offer STARTTLS: set smtpd_tls_cert_file/smtpd_tls_key_file and "
                + "smtpd_tls_security_level=encrypt for submission (`postconf smtpd_tls_*`)"
        case .tlsFailed:
            return "SMTP \(target) TLS failed, certificate not verified (\(error.message)): Postfix's smtpd_tls_cert_file "
                + "(e.g. /etc/ssl/guardia/server.crt) must name \(configuration.smtp.host); for a private CA set ZM_CA_FILE "
                + "to its certificate\(configuration.caFile.map { " (now \($0))" } ?? "")"
        case .timeout:
            return "SMTP \(target) did not answer in time: firewall, or ZM_SMTP_TLS does not match the port (587 starttls, 465 implicit)?"
        default:
            return "SMTP \(target): \(error.description) — check Postfix's log and `postconf smtpd_sasl_*`"
        }
    }

    /// ManageSieve (filters, 부재중): reachable with STARTTLS and a verified certificate, and
    /// Sieve's vacation offered. Off (`ZM_SIEVE_PORT=0`) is fine: those features are hidden.
    static func sieve(_ configuration: WebmailConfiguration) -> InfraCheck.Probe {
        {
            guard let endpoint = configuration.sieve else {
                return (true, "ManageSieve off (ZM_SIEVE_PORT=0): filters and 부재중 are hidden")
            }
            let target = "\(endpoint.host):\(endpoint.port)"
            do {
                let capabilities = try await ManageSieveConnection.probe(configuration: ManageSieveConfiguration(
                    host: endpoint.host, port: endpoint.port, caFilePath: configuration.caFile,
                    connectTimeout: .seconds(10), commandTimeout: .seconds(15)))
                let missing = ["fileinto", "vacation", "date", "relational", "imap4flags", "copy", "mailbox"]
                    .filter { !capabilities.sieveExtensions.contains($0) }
                guard missing.isEmpty else {
                    return (false, "ManageSieve \(target) lacks the Sieve extensions \(missing.joined(separator: " ")): "
                        + "check sieve_extensions in Dovecot's 90-sieve.conf (docs/deploy.md)")
                }
                return (true, "ManageSieve \(target) reachable, STARTTLS verified (\(capabilities.implementation ?? "?"))")
            } catch let error as ManageSieveError {
                return (false, sieveAdvice(error, target: target, configuration: configuration))
            } catch {
                return (false, "ManageSieve \(target): \(error)")
            }
        }
    }

    static func sieveAdvice(_ error: ManageSieveError, target: String, configuration: WebmailConfiguration) -> String {
        switch error {
        case .connectFailed(let text):
            return "cannot connect to ManageSieve \(target) (\(refusedOr(text))): install dovecot-managesieved and "
                + "dovecot-sieve and add sieve to Dovecot's protocols (docs/deploy.md), or set ZM_SIEVE_PORT=0 to hide filters and 부재중"
        case .tlsFailed(let text):
            return "ManageSieve \(target) TLS failed, certificate not verified (\(text)): it uses Dovecot's ssl_cert, which must name "
                + "\(configuration.sieve?.host ?? "the host"); for a private CA set ZM_CA_FILE"
        case .startTLSUnavailable:
            return "ManageSieve \(target) does not offer STARTTLS: set ssl = yes (or required) in Dovecot"
        case .timedOut:
            return "ManageSieve \(target) did not answer in time: firewall, or another service on that port?"
        default:
            return "ManageSieve \(target): \(error.description) — check Dovecot's log"
        }
    }

    /// Connection failures say "refused" plainly when that is what happened.
    private static func refusedOr(_ text: String) -> String {
        text.lowercased().contains("refused") ? "connection refused" : text
    }
}
