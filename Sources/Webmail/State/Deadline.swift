/// `body`'s result, or `StateStoreError.unavailable` once `limit` has passed (`body` is then
/// cancelled): a request never waits on the database for longer than that, whatever the pool or
/// the server does (PostgresClient itself waits up to 15 s before it gives up connecting).
func withStateDeadline<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw StateStoreError.unavailable("no answer within \(limit)")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
