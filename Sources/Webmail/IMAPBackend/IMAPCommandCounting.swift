import IMAP

/// Every IMAP command the task sends, on any connection, adds to a task-local counter.
struct IMAPCommandCounting: MailCommandCounting {
    func counting<T>(_ body: () async throws -> T, report: (Int) -> Void) async rethrows -> T {
        let counter = IMAPCommandCounter()
        defer { report(counter.count) }
        return try await IMAPCommandCounter.$current.withValue(counter) { try await body() }
    }
}
