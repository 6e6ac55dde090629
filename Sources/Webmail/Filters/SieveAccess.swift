import Logging
import ManageSieve

/// Opens a ManageSieve session for one request with the signed-in user's own credentials (the
/// ones the IMAP pool uses) and closes it afterwards: a settings page is opened rarely, so no
/// connection is kept. Not configured: the features are off (404); down or refusing: 502, and
/// mail (IMAP, SMTP) is unaffected.
struct SieveAccess: Sendable {
    let configuration: ManageSieveConfiguration?
    let logger: Logger

    init(configuration: WebmailConfiguration, logger: Logger) {
        self.configuration = configuration.sieve.map {
            ManageSieveConfiguration(host: $0.host, port: $0.port, caFilePath: configuration.caFile,
                                     connectTimeout: .seconds(10), commandTimeout: .seconds(30))
        }
        self.logger = logger
    }

    static let notConfigured = APIError(.notFound, "이 서버에서는 필터와 부재중 자동응답을 쓸 수 없습니다", code: .sieveUnavailable)

    func withConnection<T: Sendable>(_ session: Session, _ body: (ManageSieveConnection) async throws -> T) async throws -> T {
        guard let configuration else { throw Self.notConfigured }
        let connection: ManageSieveConnection
        do {
            connection = try await ManageSieveConnection.connect(
                configuration: configuration,
                credentials: ManageSieveCredentials(username: session.email, password: session.password))
        } catch let error as ManageSieveError {
            throw unavailable(error)
        }
        do {
            let result = try await body(connection)
            await connection.logout()
            return result
        } catch let error as ManageSieveError {
            await connection.close()
            throw unavailable(error)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A failure of the server or the link, for the user: fixed Korean text, the cause in the log.
    private func unavailable(_ error: ManageSieveError) -> APIError {
        logger.warning("ManageSieve failed", metadata: ["error": "\(error)"])
        if case .refused = error {
            return APIError(.badGateway, "메일 필터 서버(ManageSieve)가 요청을 거절했습니다. 메일은 그대로 쓸 수 있습니다",
                            code: .sieveServerUnavailable)
        }
        return APIError(.badGateway, "메일 필터 서버(ManageSieve)에 연결할 수 없습니다. 메일은 그대로 쓸 수 있습니다",
                        code: .sieveServerUnavailable)
    }
}
