import Foundation

/// Reads back a script: ours when it starts with our marker, its model line decodes and
/// rebuilding from that model gives the very same text. Anything else (another client's
/// script, ours edited by hand) is not ours: the webmail shows it but does not rewrite it.
enum SieveScriptReader {
    static func rules(in script: String) -> SieveRules? {
        let prefix = SieveScriptBuilder.marker + "\r\n" + SieveScriptBuilder.modelPrefix
        guard script.hasPrefix(prefix) else { return nil }
        let rest = script.dropFirst(prefix.count)
        guard let lineEnd = rest.range(of: "\r\n"),
              let rules = try? JSONDecoder().decode(SieveRules.self, from: Data(rest[..<lineEnd.lowerBound].utf8)),
              let rebuilt = try? SieveScriptBuilder.script(for: rules), rebuilt == script else {
            return nil
        }
        return rules
    }
}
