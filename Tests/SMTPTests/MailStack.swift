import Foundation
@testable import SMTP

/// The real Postfix + Dovecot of `scripts/mailstack`, found through its `MAILSTACK_*` env.
/// Tests that need it are enabled when the env is present or when `CI=true` (where a missing
/// stack must fail, not skip).
enum MailStack {
    static let environment = ProcessInfo.processInfo.environment
    static let isAvailable = environment["MAILSTACK_SUBMISSION_PORT"] != nil
    static let shouldRun = isAvailable || environment["CI"] == "true"

    struct Missing: Error, CustomStringConvertible {
        let variable: String
        var description: String { "\(variable) is not set: start the stack and eval \"$(scripts/mailstack env)\"" }
    }

    static func value(_ name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else { throw Missing(variable: name) }
        return value
    }

    static func submissionConfiguration() throws -> SMTPConfiguration {
        SMTPConfiguration(host: try value("MAILSTACK_HOST"), port: Int(try value("MAILSTACK_SUBMISSION_PORT")),
                          security: .startTLS, caFilePath: try value("MAILSTACK_CA_FILE"), clientName: "smtptests.zioinfo.co.kr")
    }

    /// The password of a demo account from `MAILSTACK_USERS` ("user@domain:password …").
    static func password(of user: String) throws -> String {
        if let password = extraUsers.value[user] { return password }
        for entry in try value("MAILSTACK_USERS").split(separator: " ") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0] == user { return String(parts[1]) }
        }
        throw Missing(variable: "MAILSTACK_USERS entry for \(user)")
    }

    static func credentials(_ user: String) throws -> SMTPCredentials {
        SMTPCredentials(username: user, password: try password(of: user))
    }

    /// A subject token no other test run uses, so parallel suites never see each other's mail.
    static func uniqueToken(_ label: String) -> String {
        "smtptest-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    struct HelperFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Accounts a test made with `scripts/mailstack adduser`, in MAILSTACK_USERS' format, handed
    /// to imap_helper.py through its environment (never its arguments).
    static let extraUsers = LockedBox<[String: String]>([:])

    /// Makes (or resets) a dedicated account for a test and waits until Postfix accepts mail for it.
    static func ensureAccount(_ user: String, password: String) throws {
        let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/mailstack").path
        extraUsers.mutate { $0[user] = password }
        // Reuse the account when it already exists with this password: every adduser reloads
        // Dovecot, which other suites running in parallel would rather not see.
        if (try? runHelper(["check-login", user])) != nil { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        // "-": the password comes on stdin, so it never shows in a process list.
        process.arguments = ["adduser", user, "-"]
        process.standardOutput = FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data((password + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HelperFailure(description: "scripts/mailstack adduser \(user) exited \(process.terminationStatus)")
        }
        _ = try runHelper(["wait-recipient", user, "20"])
    }

    static let imapHelper = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/smtp/imap_helper.py").path

    /// Runs `Tests/Fixtures/smtp/imap_helper.py` (Python's imaplib, an independent client) and
    /// returns its standard output.
    static func runHelper(_ arguments: [String], input: [UInt8] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", imapHelper] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["IMAP_HELPER_USERS"] = extraUsers.value.map { "\($0.key):\($0.value)" }.joined(separator: " ")
        process.environment = environment
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HelperFailure(description: "imap_helper.py \(arguments.first ?? "") exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct FetchedMessage {
        let uid: UInt32
        let flags: [String]
        let raw: [UInt8]
    }

    /// Messages in `folder` (a name or a special-use role like `\\Sent`) of `user` whose Subject
    /// contains `token`; waits up to `timeout` seconds for `expected` of them.
    static func fetch(user: String, folder: String, token: String, expected: Int = 1, timeout: Double = 20) throws -> [FetchedMessage] {
        let json = try runHelper(["fetch", user, folder, token, String(expected), String(timeout)])
        guard let items = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw HelperFailure(description: "unexpected fetch output")
        }
        return items.map { item in
            FetchedMessage(uid: UInt32(item["uid"] as? Int ?? 0),
                           flags: (item["flags"] as? String ?? "").split(separator: " ").map(String.init),
                           raw: Array(Data(base64Encoded: item["raw"] as? String ?? "") ?? Data()))
        }
    }
}

/// `OutgoingMailStore` on the real Dovecot through imap_helper.py, until the HTTP layer's
/// implementation on our IMAP client exists: the pipeline test then runs against real folders.
struct PythonIMAPStore: OutgoingMailStore {
    let user: String

    func storeSentCopy(_ message: [UInt8]) async throws -> UInt32? {
        UInt32(try MailStack.runHelper(["append", user, "\\Sent", "\\Seen"], input: message))
    }

    func storeDraft(_ message: [UInt8]) async throws -> UInt32? {
        UInt32(try MailStack.runHelper(["append", user, "\\Drafts", "\\Draft \\Seen"], input: message))
    }

    func markAnswered(_ original: OriginalMessage) async throws {
        _ = try MailStack.runHelper(["flag", user, original.folder, String(original.uid), "\\Answered"])
    }
}
