/// Counts the commands a piece of work sends to the mail server (for the round trips per
/// request metric), whatever server the mail store talks to.
protocol MailCommandCounting: Sendable {
    /// Runs `body`, then hands `report` the number of commands it sent (also when it throws).
    func counting<T>(_ body: () async throws -> T, report: (Int) -> Void) async rethrows -> T
}
