import Foundation
import Testing
@testable import Webmail

/// `ZM_JWT_KEY_FILE` / `ZM_SEAL_KEY_FILE` (and their flags): keys read from files, so they need
/// not be given as flags, which every user of the machine sees in `ps`.
@Suite struct KeyFileSettingsTests {
    static let jwtSecret = String(repeating: "s", count: 40)
    static let sealKey = Data(repeating: 9, count: 32).base64EncodedString()

    @Test func keysAreReadFromFilesWithoutTheirTrailingNewline() throws {
        let jwt = try TemporaryFile(contents: Self.jwtSecret + "\n")
        let seal = try TemporaryFile(contents: Self.sealKey + "\r\n")
        let configuration = try WebmailConfiguration.load(environment: ["ZM_JWT_KEY_FILE": jwt.path, "ZM_SEAL_KEY_FILE": seal.path])
        #expect(configuration.jwtKey == Self.jwtSecret)
        #expect(configuration.sealKey == Self.sealKey)
        // The same as flags (`--jwt-key-file`, `--seal-key-file`).
        let flagged = try WebmailConfiguration.load(flags: [.jwtKeyFile: jwt.path, .sealKeyFile: seal.path], environment: [:])
        #expect(flagged.jwtKey == Self.jwtSecret && flagged.sealKey == Self.sealKey)
        #expect(SettingKey.jwtKeyFile.flagName == "jwt-key-file" && SettingKey.sealKeyFile.flagName == "seal-key-file")
    }

    @Test func aBadKeyFileNamesTheSettingButNeverTheKey() throws {
        let short = try TemporaryFile(contents: "tiny-secret\n")
        let empty = try TemporaryFile(contents: "\n")
        let badSeal = try TemporaryFile(contents: "c2hvcnQ=")
        let cases: [(String, [String: String])] = [
            ("ZM_JWT_KEY_FILE", ["ZM_JWT_KEY_FILE": short.path]),
            ("ZM_JWT_KEY_FILE", ["ZM_JWT_KEY_FILE": empty.path]),
            ("ZM_JWT_KEY_FILE", ["ZM_JWT_KEY_FILE": "/nonexistent/jwt.key"]),
            ("ZM_SEAL_KEY_FILE", ["ZM_SEAL_KEY_FILE": badSeal.path]),
            // One source per key: a file and an inline key at once is a mistake worth stopping for.
            ("ZM_JWT_KEY_FILE", ["ZM_JWT_KEY_FILE": short.path, "ZM_JWT_KEY": Self.jwtSecret]),
        ]
        for (setting, environment) in cases {
            do {
                _ = try WebmailConfiguration.load(environment: environment)
                Issue.record("\(environment) was accepted")
            } catch {
                guard case let .invalidValue(name, _, _) = error else { Issue.record("\(error)"); continue }
                #expect(name == setting, "\(environment)")
                #expect(!error.description.contains("tiny-secret") && !error.description.contains(Self.jwtSecret))
            }
        }
    }
}
