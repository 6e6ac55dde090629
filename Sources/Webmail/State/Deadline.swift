/// `body`'s result, or `StateStoreError.unavailable` once `limit` has passed (`body` is then
/// cancelled and left to finish on its own): a request never waits on the database for longer
/// than that, whatever the pool or the server does (PostgresClient itself waits up to 15 s
/// before it gives up connecting, and a query on a silent connection ignores cancellation).
func withStateDeadline<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    switch try await outcome(of: body, within: limit) {
    case .value(let result): return result
    case .timedOut: throw StateStoreError.unavailable("no answer within \(limit)")
    }
}
