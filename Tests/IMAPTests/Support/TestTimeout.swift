/// Fails instead of hanging when an awaited event never comes.
struct TestTimeoutError: Error {}

func withTestTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TestTimeoutError()
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw TestTimeoutError() }
        return result
    }
}
