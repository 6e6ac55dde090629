/// The server's capability lines (RFC 5804 section 1.7): `"NAME" "value"` pairs.
public struct ManageSieveCapabilities: Hashable, Sendable {
    /// Upper-cased names to values (`""` when the line has no value).
    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    /// From the data lines of a greeting, a STARTTLS or a CAPABILITY response.
    public init(lines: [[ManageSieveToken]]) {
        var values: [String: String] = [:]
        for line in lines {
            guard let name = line.first?.text.uppercased() else { continue }
            values[name] = line.count > 1 ? line[1].text : ""
        }
        self.values = values
    }

    public var implementation: String? { values["IMPLEMENTATION"] }
    public var offersStartTLS: Bool { values["STARTTLS"] != nil }
    /// The Sieve extensions the server's interpreter supports (`fileinto`, `vacation`, `date`...).
    public var sieveExtensions: Set<String> {
        Set((values["SIEVE"] ?? "").split(separator: " ").map { $0.lowercased() })
    }
    public var saslMechanisms: Set<String> {
        Set((values["SASL"] ?? "").split(separator: " ").map { $0.uppercased() })
    }
    public var maximumRedirects: Int? { values["MAXREDIRECTS"].flatMap { Int($0) } }
}
