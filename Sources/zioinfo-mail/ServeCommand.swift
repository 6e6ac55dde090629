import ArgumentParser
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
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLogHandler(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let logger = Logger(label: "zioinfo-mail")
        logger.info("starting", metadata: [
            "version": "\(WebmailVersion.current)",
            "http": "\(configuration.httpHost):\(configuration.httpPort)",
            "imap": "\(configuration.imap.host):\(configuration.imap.port) \(configuration.imap.security.rawValue)",
            "smtp": "\(configuration.smtp.host):\(configuration.smtp.port) \(configuration.smtp.security.rawValue)",
        ])
        try await runApplication(configuration: configuration, logger: logger)
    }
}
