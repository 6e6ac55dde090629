import ArgumentParser
import Foundation
import Logging
import Webmail

/// `zioinfo-mail serve` (the default): the webmail HTTP server, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the webmail API and the SPA (default)."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        let logger = StandardErrorLogHandler.bootstrap(level: configuration.logLevel)
        logger.info("starting", metadata: [
            "version": "\(WebmailVersion.current)",
            "http": "\(configuration.httpHost):\(configuration.httpPort)",
            "imap": "\(configuration.imap.host):\(configuration.imap.port) \(configuration.imap.security.rawValue)",
            "smtp": "\(configuration.smtp.host):\(configuration.smtp.port) \(configuration.smtp.security.rawValue)",
            // Redacted: the password of a postgres:// URL is never logged.
            "state": "\(configuration.databaseURL)",
        ])
        do {
            try await runApplication(configuration: configuration, logger: logger)
        } catch let error as StateStoreError {
            // E.g. a schema newer than this binary: say so plainly, and do not serve.
            FileHandle.standardError.write(Data("zioinfo-mail: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
