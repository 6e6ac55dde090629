import ArgumentParser
import Deployment
import Foundation
import Webmail

/// `zioinfo-mail check`: the seed's Phase 1 infrastructure check. Prints a table, writes the
/// JSON report, and exits 1 when any check failed (2 for a bad setting).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check IMAP (TLS), SMTP (STARTTLS), ports and install folders; write infra-check.json."
    )

    @OptionGroup var options: ConfigurationOptions

    @Option(help: "Where to write the JSON report.")
    var output: String = "_workspace/infra-check.json"

    func run() async throws {
        let configuration = try options.load()
        let report = await InfraCheck(configuration: configuration).run()
        print(report.table)
        let url = URL(fileURLWithPath: output)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try report.jsonData().write(to: url)
            print("report written to \(output)")
        } catch {
            FileHandle.standardError.write(Data("zioinfo-mail: cannot write \(output): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        if !report.ok { throw ExitCode(1) }
    }
}
