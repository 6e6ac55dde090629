import Foundation

/// One check of `zioinfo-mail verify`, as it appears in deploy-result.json.
public struct DeploymentCheck: Codable, Sendable, Equatable {
    public var name: String
    public var ok: Bool
    /// What was seen (status, counts, the error): enough to act on, never a secret.
    public var detail: String
    public var elapsedMilliseconds: Int

    public init(name: String, ok: Bool, detail: String, elapsedMilliseconds: Int) {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case name, ok, detail
        case elapsedMilliseconds = "elapsed_ms"
    }
}

/// deploy-result.json: the seed's Phase 4 outcome. `ok` is true only when every check passed.
public struct DeploymentReport: Codable, Sendable {
    public var ok: Bool
    public var version: String
    public var startedAt: Date
    public var finishedAt: Date
    public var checks: [DeploymentCheck]

    public init(version: String, startedAt: Date, finishedAt: Date, checks: [DeploymentCheck]) {
        self.ok = !checks.isEmpty && checks.allSatisfy(\.ok)
        self.version = version
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case ok, version, checks
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    /// Pretty, key-sorted JSON with ISO 8601 dates, ending in a newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Writes the report atomically, creating the folder when needed.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try jsonData().write(to: url, options: .atomic)
    }
}
