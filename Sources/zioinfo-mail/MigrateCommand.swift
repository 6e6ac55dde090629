import ArgumentParser
import Foundation
import Logging
import Webmail

/// `zioinfo-mail migrate`: brings the state database (ZM_DATABASE_URL) to this release's schema
/// and exits; `serve` does the same at start. Exit 1 with the reason (the password never shown)
/// when the database cannot be reached or was migrated by a newer release.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the state database's migrations, then exit."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        let logger = StandardErrorLogHandler.bootstrap(level: configuration.logLevel)
        do {
            let version = try await migrateStateStore(configuration: configuration, logger: logger)
            print("state database \(configuration.databaseURL.engineName) at schema version \(version)")
        } catch {
            FileHandle.standardError.write(Data("zioinfo-mail migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
