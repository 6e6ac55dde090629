import Foundation

/// The account `verify` logs in with. The password comes from the environment or a file, never
/// from the command line (where `ps` and shell history would show it), and is never printed.
public struct VerifyAccount: Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// What `zioinfo-mail verify` checks: the seed's Phase 4.
public struct DeploymentVerifierSettings: Sendable {
    /// The backend itself (seed: http://localhost:8026).
    public var apiURL: URL
    /// The site through nginx (seed: https://mail.zioinfo.co.kr:8025/).
    public var nginxURL: URL
    /// The systemd unit checked with `systemctl is-active` when systemd runs.
    public var serviceName: String
    public var account: VerifyAccount?
    /// The folder whose message list is fetched after the login.
    public var folder: String

    public init(apiURL: URL, nginxURL: URL, serviceName: String = "zioinfo-mail",
                account: VerifyAccount? = nil, folder: String = "INBOX") {
        self.apiURL = apiURL
        self.nginxURL = nginxURL
        self.serviceName = serviceName
        self.account = account
        self.folder = folder
    }
}

/// Runs the deployment checks one after the other and reports each with its timing:
///  1. `service`       systemd unit active (only where systemd runs)
///  2. `health`        GET {api}/health → 200, "status": "ok"
///  3. `login`         POST {api}/auth/login → 200 with an access token (when an account is given)
///  4. `mail_messages` GET {api}/mail/messages?folder=… with the token → 200 with a total
///  5. `sieve`         GET {api}/settings/filters with the token → 200 (ManageSieve works for the
///                     user), or 404 `sieve_unavailable` (turned off with ZM_SIEVE_PORT=0: fine)
///  6. `nginx_index`   GET {nginx}/ over verified HTTPS → 200 text/html (the SPA)
///  7. `nginx_api`     GET {nginx}/api/health → 200, "status": "ok" (the proxy to the backend)
public struct DeploymentVerifier: Sendable {
    public var settings: DeploymentVerifierSettings
    public var client: VerifyHTTPClient
    public var systemd: SystemdServiceProbe

    public init(settings: DeploymentVerifierSettings, client: VerifyHTTPClient,
                systemd: SystemdServiceProbe = SystemdServiceProbe()) {
        self.settings = settings
        self.client = client
        self.systemd = systemd
    }

    public func run(version: String) async -> DeploymentReport {
        let startedAt = Date()
        var checks: [DeploymentCheck] = []
        if systemd.systemdIsRunning {
            checks.append(await timed("service", url: nil) { try serviceCheck() })
        }
        let health = endpoint(settings.apiURL, "health")
        checks.append(await timed("health", url: health) { try await healthCheck(url: health) })
        if let account = settings.account {
            var token: String?
            checks.append(await timed("login", url: endpoint(settings.apiURL, "auth/login")) {
                let (detail, issued) = try await login(account)
                token = issued
                return detail
            })
            let issuedToken = token
            checks.append(await timed("mail_messages", url: endpoint(settings.apiURL, "mail/messages")) {
                guard let issuedToken else { throw DeploymentCheckFailure("not tried: the login gave no token") }
                return try await messagesCheck(token: issuedToken)
            })
            checks.append(await timed("sieve", url: endpoint(settings.apiURL, "settings/filters")) {
                guard let issuedToken else { throw DeploymentCheckFailure("not tried: the login gave no token") }
                return try await sieveCheck(token: issuedToken)
            })
        }
        checks.append(await timed("nginx_index", url: settings.nginxURL) { try await indexCheck() })
        let proxiedHealth = endpoint(settings.nginxURL, "api/health")
        checks.append(await timed("nginx_api", url: proxiedHealth) { try await healthCheck(url: proxiedHealth) })
        return DeploymentReport(version: version, startedAt: startedAt, finishedAt: Date(), checks: checks)
    }

    // MARK: - the checks (each returns its detail or throws why it failed)

    private func serviceCheck() throws -> String {
        let state = try systemd.state(of: settings.serviceName)
        guard state == "active" else { throw DeploymentCheckFailure("\(settings.serviceName) is \(state.isEmpty ? "unknown" : state)") }
        return "\(settings.serviceName) is active"
    }

    private func healthCheck(url: URL) async throws -> String {
        let response = try await client.send(VerifyHTTPRequest(url: url))
        let object = try expectJSON(response, status: 200, from: url)
        guard object["status"] as? String == "ok" else {
            throw DeploymentCheckFailure("\(url.absoluteString): status is not ok: \(compact(response.bodyText))")
        }
        return "\(url.absoluteString) → 200 \(compact(response.bodyText))"
    }

    private func login(_ account: VerifyAccount) async throws -> (String, String) {
        let url = endpoint(settings.apiURL, "auth/login")
        let body = try JSONSerialization.data(withJSONObject: ["username": account.username, "password": account.password])
        let response = try await client.send(VerifyHTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: Array(body)))
        let object = try expectJSON(response, status: 200, from: url)
        guard let token = object["access_token"] as? String, !token.isEmpty else {
            throw DeploymentCheckFailure("\(url.absoluteString) → 200 without an access_token")
        }
        let expires = (object["expires_at"] as? String).map { ", expires \($0)" } ?? ""
        return ("logged in as \(account.username)\(expires)", token)
    }

    private func messagesCheck(token: String) async throws -> String {
        var components = URLComponents(url: endpoint(settings.apiURL, "mail/messages"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "folder", value: settings.folder),
                                  URLQueryItem(name: "page", value: "1"), URLQueryItem(name: "size", value: "5")]
        guard let url = components?.url else { throw DeploymentCheckFailure("cannot build the messages URL") }
        let response = try await client.send(VerifyHTTPRequest(
            url: url, headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]))
        let object = try expectJSON(response, status: 200, from: url)
        guard let total = object["total"] as? Int, object["messages"] is [Any] else {
            throw DeploymentCheckFailure("\(url.absoluteString) → 200 without total/messages: \(compact(response.bodyText))")
        }
        return "\(settings.folder): \(total) messages"
    }

    private func sieveCheck(token: String) async throws -> String {
        let url = endpoint(settings.apiURL, "settings/filters")
        let response = try await client.send(VerifyHTTPRequest(
            url: url, headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]))
        if response.status == 404, response.bodyText.contains("sieve_unavailable") {
            return "filters and 부재중 are off (ZM_SIEVE_PORT=0)"
        }
        let object = try expectJSON(response, status: 200, from: url)
        let count = (object["filters"] as? [Any])?.count ?? 0
        return "ManageSieve works: \(count) filters\(object["editable"] as? Bool == false ? ", another program's script is active" : "")"
    }

    private func indexCheck() async throws -> String {
        let url = settings.nginxURL
        let response = try await client.send(VerifyHTTPRequest(url: url, headers: [("Accept", "text/html")]))
        let type = response.headers["content-type"] ?? "no content type"
        guard response.status == 200, type.hasPrefix("text/html") else {
            throw DeploymentCheckFailure("\(url.absoluteString) → \(response.status) \(type)")
        }
        return "\(url.absoluteString) → 200 \(type), \(response.body.count) bytes"
    }

    // MARK: - helpers

    /// Runs one check; a thrown error becomes the failed check's detail.
    private func timed(_ name: String, url: URL?, _ check: () async throws -> String) async -> DeploymentCheck {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: (Bool, String)
        do {
            outcome = (true, try await check())
        } catch let failure as DeploymentCheckFailure {
            outcome = (false, failure.description)
        } catch {
            outcome = (false, explain(error, url: url))
        }
        let elapsed = clock.now - start
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return DeploymentCheck(name: name, ok: outcome.0, detail: outcome.1, elapsedMilliseconds: milliseconds)
    }

    /// A transport error in words an operator can act on, with the URL it concerned.
    private func explain(_ error: any Error, url: URL?) -> String {
        let target = url.map { "\($0.absoluteString): " } ?? ""
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return target + "the server's certificate is not trusted (CERTIFICATE_VERIFY_FAILED); "
                + "give --ca-file the CA that signed it"
        }
        if text.contains("failedToValidateHostname") || text.contains("unableToValidateCertificate") {
            return target + "the certificate does not name this host (\(text))"
        }
        if text.contains("connectionRefused") || text.contains("ECONNREFUSED") || text.contains("Connection refused") {
            return target + "connection refused: nothing listens there (is the service running?)"
        }
        return target + text
    }

    /// `base` + `path`, keeping the base's own path (nginx may serve the site under a prefix).
    private func endpoint(_ base: URL, _ path: String) -> URL {
        base.appendingPathComponent(path)
    }

    private func expectJSON(_ response: VerifyHTTPResponse, status: Int, from url: URL) throws -> [String: Any] {
        guard response.status == status else {
            throw DeploymentCheckFailure("\(url.absoluteString) → \(response.status) \(compact(response.bodyText))")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            throw DeploymentCheckFailure("\(url.absoluteString) → \(response.status) but not a JSON object: \(compact(response.bodyText))")
        }
        return object
    }

    /// A response body shortened for a one-line detail.
    private func compact(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}

/// A failed check's reason, shown as the check's detail.
struct DeploymentCheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
