import Foundation

/// Asks systemd whether a unit is active (`systemctl is-active NAME`), but only where systemd is
/// the running init: the same test as sd_booted(3), the existence of /run/systemd/system.
public struct SystemdServiceProbe: Sendable {
    public var runtimeDirectory: String
    public var systemctl: String

    public init(runtimeDirectory: String = "/run/systemd/system", systemctl: String = "/usr/bin/systemctl") {
        self.runtimeDirectory = runtimeDirectory
        self.systemctl = systemctl
    }

    public var systemdIsRunning: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: runtimeDirectory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The unit's state word (`active`, `inactive`, `failed`, …) as systemctl prints it.
    public func state(of unit: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: systemctl)
        process.arguments = ["is-active", "--", unit]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
