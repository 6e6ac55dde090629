import Foundation

/// One line of `infra-check.json` (seed Phase 1).
public struct InfraCheckResult: Codable, Sendable, Equatable {
    public let name: String
    public let ok: Bool
    /// What was found and, on failure, what to do about it.
    public let detail: String
    public let elapsedMs: Int

    enum CodingKeys: String, CodingKey {
        case name, ok, detail
        case elapsedMs = "elapsed_ms"
    }

    public init(name: String, ok: Bool, detail: String, elapsedMs: Int) {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.elapsedMs = elapsedMs
    }
}

/// The whole of `infra-check.json`: `{"checks": [...], "ok": bool}`.
public struct InfraCheckReport: Codable, Sendable {
    public let checks: [InfraCheckResult]
    public var ok: Bool { checks.allSatisfy(\.ok) }

    enum CodingKeys: String, CodingKey { case checks, ok }

    public init(checks: [InfraCheckResult]) { self.checks = checks }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checks = try container.decode([InfraCheckResult].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checks, forKey: .checks)
        try container.encode(ok, forKey: .ok)
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A fixed-width table for the terminal; details are never cut, since they say what to do.
    public var table: String {
        let nameWidth = max(5, checks.map(\.name.count).max() ?? 0)
        var lines = ["CHECK".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  RESULT      MS  DETAIL"]
        for check in checks {
            let result = (check.ok ? "ok" : "FAILED").padding(toLength: 6, withPad: " ", startingAt: 0)
            let ms = String(check.elapsedMs)
            lines.append(check.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + "  " + result + String(repeating: " ", count: max(1, 8 - ms.count)) + ms + "  " + check.detail)
        }
        lines.append(ok ? "all \(checks.count) checks ok" : "\(checks.filter { !$0.ok }.count) of \(checks.count) checks FAILED")
        return lines.joined(separator: "\n")
    }
}
