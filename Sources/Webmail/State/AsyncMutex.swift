/// Mutual exclusion across suspension points, first come first served: SQLite's one connection
/// runs one transaction at a time, and a transaction awaits between its statements (an actor
/// alone would let another transaction's statements in at each `await`).
actor AsyncMutex {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func withLock<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            held = false
        } else {
            // Handed over without letting go: the next in line holds it now.
            waiting.removeFirst().resume()
        }
    }
}
