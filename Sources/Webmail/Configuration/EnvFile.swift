import Foundation

/// The config file format: a shell-style env file, one `KEY=value` per line, the keys being the
/// `ZM_*` setting names. Blank lines and `#` comments are ignored, an `export ` prefix is allowed
/// and a value may be wrapped in single or double quotes, so the output of
/// `scripts/mailstack env` is itself a valid config file. Keys that are not `ZM_*` settings
/// (e.g. `MAILSTACK_*`) are ignored; an unknown `ZM_*` key is an error because it is a typo.
enum EnvFile {
    static func read(path: String) throws(ConfigurationError) -> [SettingKey: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(ConfigurationError) -> [SettingKey: String] {
        var settings: [SettingKey: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw .malformedLine(path: path, line: index + 1)
            }
            let name = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = unquote(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
            guard name.hasPrefix("ZM_"), name != "ZM_CONFIG_FILE" else { continue }
            guard let key = SettingKey(rawValue: name) else {
                throw .unknownSetting(setting: name, path: path, line: index + 1)
            }
            settings[key] = value
        }
        return settings
    }

    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
