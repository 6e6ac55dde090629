/// A rule or auto-reply the builder will not turn into Sieve, with where and why (Korean, for
/// the user); nothing is written.
struct SieveRulesError: Error, Equatable, Sendable {
    /// Where: `filters[2].conditions[0].value`, `vacation.start`.
    let path: String
    let reason: String

    var detail: String { "\(path): \(reason)" }
}
