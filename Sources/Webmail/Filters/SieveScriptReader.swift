import Foundation

/// Reads back a script: ours when it starts with our marker, its model line decodes and
/// rebuilding from that model gives the very same text. Anything else (another client's
/// script, ours edited by hand) is not ours: the webmail shows it but does not rewrite it.
enum SieveScriptReader {
    static func rules(in script: String) -> SieveRules? {
        guard let rules = modelRules(in: script), let rebuilt = try? SieveScriptBuilder.script(for: rules), rebuilt == script else {
            return nil
        }
        return rules
    }

    /// The rules our model line still carries in a script of ours edited by hand (advanced editor):
    /// what 되돌리기 (back to the webmail's rules) writes again, so hand-editing loses no rule.
    static func modelRules(in script: String) -> SieveRules? {
        let prefix = SieveScriptBuilder.marker + "\r\n" + SieveScriptBuilder.modelPrefix
        guard script.hasPrefix(prefix) else { return nil }
        let rest = script.dropFirst(prefix.count)
        guard let lineEnd = rest.range(of: "\r\n") else { return nil }
        return try? JSONDecoder().decode(SieveRules.self, from: Data(rest[..<lineEnd.lowerBound].utf8))
    }
}
