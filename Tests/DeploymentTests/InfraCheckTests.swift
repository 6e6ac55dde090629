import Foundation
import Testing
@testable import Deployment
import Webmail
#if canImport(Glibc)
import Glibc
#endif

@Suite struct InfraCheckTests {
    @Test func aReportWithAFailureIsNotOKAndEncodesTheSeedShape() throws {
        let report = InfraCheckReport(checks: [
            InfraCheckResult(name: "imap", ok: true, detail: "fine", elapsedMs: 12),
            InfraCheckResult(name: "smtp", ok: false, detail: "cannot connect: is Postfix running?", elapsedMs: 3),
        ])
        #expect(!report.ok)
        let json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(json["ok"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(Set(checks[0].keys) == ["name", "ok", "detail", "elapsed_ms"])
        #expect(report.table.contains("FAILED") && report.table.contains("is Postfix running?"))
        #expect(try JSONDecoder().decode(InfraCheckReport.self, from: report.jsonData()).checks == report.checks)
    }

    @Test func everyCheckRunsEvenWhenTheMailServersFail() async throws {
        let folder = try ScratchFolder()
        var configuration = WebmailConfiguration()
        configuration.httpPort = 38_026
        configuration.nginxPort = 38_025
        configuration.installDirs = [folder.path + "/opt/mail", folder.path + "/var/www/mail"]
        let report = await InfraCheck(configuration: configuration,
                                      imapProbe: { (false, "down") }, smtpProbe: { (true, "up") }, sieveProbe: { (true, "up") }).run()
        #expect(report.checks.map(\.name) == ["imap", "smtp", "sieve", "http_port", "nginx_port",
                                             "install_dir \(folder.path)/opt/mail", "install_dir \(folder.path)/var/www/mail"])
        #expect(!report.ok)
        #expect(report.checks[1].ok && report.checks[5].ok && report.checks[6].ok)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/opt"), "check is read-only")
    }

    /// The ManageSieve probe against the stack's managesieved: fine with its CA, a clear TLS
    /// failure without, a connect failure that names the fix, and off is fine (issue 31).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MAILSTACK_SIEVE_PORT"] != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
    func theSieveProbeReportsTheStacksManageSieve() async throws {
        let env = ProcessInfo.processInfo.environment
        let port = try #require(Int(env["MAILSTACK_SIEVE_PORT"] ?? ""))
        var configuration = WebmailConfiguration()
        configuration.sieve = MailServerEndpoint(host: env["MAILSTACK_HOST"] ?? "127.0.0.1", port: port, security: .starttls)
        configuration.caFile = env["MAILSTACK_CA_FILE"]
        let fine = await MailServerChecks.sieve(configuration)()
        #expect(fine.ok, "\(fine.detail)")
        #expect(fine.detail.contains("STARTTLS verified"))
        configuration.caFile = nil
        let untrusted = await MailServerChecks.sieve(configuration)()
        #expect(!untrusted.ok && untrusted.detail.contains("TLS failed"), "\(untrusted.detail)")
        configuration.sieve?.port = 1
        let refused = await MailServerChecks.sieve(configuration)()
        #expect(!refused.ok && refused.detail.contains("ZM_SIEVE_PORT=0"), "\(refused.detail)")
        configuration.sieve = nil
        #expect(await MailServerChecks.sieve(configuration)().ok)
    }

    @Test func aBusyPortIsReportedWithTheFix() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = listen(fd, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let outcome = PortCheck.free(host: "127.0.0.1", port: port, remedy: "use ZM_HTTP_PORT=8027")
        #expect(!outcome.ok)
        #expect(outcome.detail.contains("in use") && outcome.detail.contains("ZM_HTTP_PORT=8027"))
    }

    @Test func foldersThatCannotBeCreatedSaySo() throws {
        let folder = try ScratchFolder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/file"))
        #expect(FolderCheck.creatable(folder.path + "/new/deeper").ok)
        #expect(FolderCheck.creatable(folder.path).ok)
        let blocked = FolderCheck.creatable(folder.path + "/file/sub")
        #expect(!blocked.ok && blocked.detail.contains("is a file"))
        let notFolder = FolderCheck.creatable(folder.path + "/file")
        #expect(!notFolder.ok && notFolder.detail.contains("not a folder"))
    }
}

/// An empty folder of its own for one test, removed after it.
private final class ScratchFolder: Sendable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("zm-deployment-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
