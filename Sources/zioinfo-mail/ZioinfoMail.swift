import ArgumentParser

/// The `zioinfo-mail` executable: the webmail server and its operational checks.
@main
struct ZioinfoMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zioinfo-mail",
        abstract: "Webmail for Zioinfo's Postfix + Dovecot.",
        subcommands: [ServeCommand.self, MigrateCommand.self, CheckCommand.self, VerifyCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
