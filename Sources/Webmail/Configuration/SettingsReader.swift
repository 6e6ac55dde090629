import Foundation
import Logging

/// Turns raw setting strings into typed values, failing with the setting's name.
struct SettingsReader {
    let settings: [SettingKey: String]

    func string(_ key: SettingKey) -> String? {
        guard let raw = settings[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    func integer(_ key: SettingKey, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let raw = string(key) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func port(_ key: SettingKey) throws(ConfigurationError) -> Int? {
        guard let raw = string(key) else { return nil }
        guard let value = Int(raw), (1...65535).contains(value) else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a port number from 1 to 65535")
        }
        return value
    }

    func security(_ key: SettingKey) throws(ConfigurationError) -> TransportSecurity? {
        guard let raw = string(key) else { return nil }
        guard let value = TransportSecurity(rawValue: raw.lowercased()) else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "implicit or starttls")
        }
        return value
    }

    func readableFile(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let raw = string(key) else { return nil }
        guard FileManager.default.isReadableFile(atPath: raw) else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a readable file")
        }
        return raw
    }

    func domain(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let raw = string(key) else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        guard raw.unicodeScalars.allSatisfy(allowed.contains), raw.contains("."),
              !raw.hasPrefix("."), !raw.hasSuffix(".") else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a domain name such as zioinfo.co.kr")
        }
        return raw.lowercased()
    }

    /// A comma-separated list of domain names.
    func domains(_ key: SettingKey) throws(ConfigurationError) -> [String]? {
        guard let raw = string(key) else { return nil }
        var result: [String] = []
        for part in raw.split(separator: ",") {
            let one = SettingsReader(settings: [key: String(part)])
            guard let domain = try one.domain(key) else { continue }
            if !result.contains(domain) { result.append(domain) }
        }
        guard !result.isEmpty else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a comma-separated list of domain names")
        }
        return result
    }

    /// The master login: the user name and the password read from a file no other user of the
    /// machine may read (the password itself is never put in an error). Both or neither.
    func masterLogin(_ user: SettingKey, passwordFile: SettingKey) throws(ConfigurationError) -> IMAPMasterLogin? {
        let name = string(user), path = string(passwordFile)
        guard name != nil || path != nil else { return nil }
        guard let name, let path else {
            let missing = name == nil ? user : passwordFile
            throw .invalidValue(setting: missing.rawValue, value: "", expected: "set together with \(name == nil ? passwordFile.rawValue : user.rawValue)")
        }
        guard name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "*" }) else {
            throw .invalidValue(setting: user.rawValue, value: name, expected: "a user name without spaces, control characters or *")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw .invalidValue(setting: passwordFile.rawValue, value: path, expected: "a readable file")
        }
        guard mode & 0o007 == 0 else {
            throw .invalidValue(setting: passwordFile.rawValue, value: path, expected: String(
                format: "a file other users cannot read (its mode is %04o: `chmod o-rwx` it, e.g. 0640 root:zioinfo-mail)", mode))
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidValue(setting: passwordFile.rawValue, value: path, expected: "a file with the password on one line")
        }
        return IMAPMasterLogin(user: name, password: text)
    }

    /// HMAC secrets under 32 bytes are weak (and trip jwt-kit's debug assertion).
    func jwtKey(_ key: SettingKey, file: SettingKey) throws(ConfigurationError) -> String? {
        guard let (setting, raw) = try secret(key, file: file) else { return nil }
        guard raw.utf8.count >= 32 else {
            throw .invalidValue(setting: setting.rawValue, value: "(hidden)", expected: "a secret of at least 32 bytes")
        }
        return raw
    }

    func sealKey(_ key: SettingKey, file: SettingKey) throws(ConfigurationError) -> String? {
        guard let (setting, raw) = try secret(key, file: file) else { return nil }
        guard let bytes = Data(base64Encoded: raw), bytes.count == 32 else {
            throw .invalidValue(setting: setting.rawValue, value: "(hidden)", expected: "base64 of exactly 32 bytes")
        }
        return raw
    }

    /// A secret given inline (`key`) or as the contents of a file (`file`; trailing whitespace
    /// and newlines dropped), and which setting gave it; both at once is an error.
    private func secret(_ key: SettingKey, file: SettingKey) throws(ConfigurationError) -> (SettingKey, String)? {
        guard let path = string(file) else { return string(key).map { (key, $0) } }
        guard string(key) == nil else {
            throw .invalidValue(setting: file.rawValue, value: path, expected: "given together with \(key.rawValue): give one of them")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidValue(setting: file.rawValue, value: path, expected: "a readable file")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.lastIndex(where: { !$0.isWhitespace }) else {
            throw .invalidValue(setting: file.rawValue, value: path, expected: "a file with the key in it (it is empty)")
        }
        return (file, String(text[...end]))
    }

    /// A database URL; an invalid one is reported with its password replaced by `***`.
    func databaseURL(_ key: SettingKey) throws(ConfigurationError) -> DatabaseURL? {
        guard let raw = string(key) else { return nil }
        do {
            return try DatabaseURL(parsing: raw)
        } catch {
            throw .invalidValue(setting: key.rawValue, value: DatabaseURL.redacted(raw), expected: error.expected)
        }
    }

    func absolutePath(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let raw = string(key) else { return nil }
        guard raw.hasPrefix("/") else { throw .invalidValue(setting: key.rawValue, value: raw, expected: "an absolute path") }
        return raw
    }

    func paths(_ key: SettingKey) throws(ConfigurationError) -> [String]? {
        guard let raw = string(key) else { return nil }
        let paths = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !paths.isEmpty, paths.allSatisfy({ $0.hasPrefix("/") }) else {
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "a comma-separated list of absolute paths")
        }
        return paths
    }

    func logLevel(_ key: SettingKey) throws(ConfigurationError) -> Logger.Level? {
        guard let raw = string(key) else { return nil }
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(setting: key.rawValue, value: raw, expected: "one of \(names)")
        }
        return level
    }
}
