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

    /// HMAC secrets under 32 bytes are weak (and trip jwt-kit's debug assertion).
    func jwtKey(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let raw = string(key) else { return nil }
        guard raw.utf8.count >= 32 else {
            throw .invalidValue(setting: key.rawValue, value: "(hidden)", expected: "a secret of at least 32 bytes")
        }
        return raw
    }

    func sealKey(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let raw = string(key) else { return nil }
        guard let bytes = Data(base64Encoded: raw), bytes.count == 32 else {
            throw .invalidValue(setting: key.rawValue, value: "(hidden)", expected: "base64 of exactly 32 bytes")
        }
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
