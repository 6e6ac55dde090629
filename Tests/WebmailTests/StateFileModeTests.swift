import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Testing
@testable import Webmail

/// Files under `ZM_STATE_DIR` are 0600 from their first byte and the folder is 0700, with the
/// usual umask 0022 (systemd's `UMask=0077` must not be what keeps keys private).
@Suite(.serialized) struct StateFileModeTests {
    static func mode(_ path: String) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { return -1 }
        return Int(status.st_mode & 0o7777)
    }

    /// Runs `body` with umask 0022 (the process-wide default on Debian), then restores it.
    static func withUmask0022<T>(_ body: () throws -> T) rethrows -> T {
        let previous = umask(0o022)
        defer { umask(previous) }
        return try body()
    }

    static func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func generatedKeysAre0600AndStable() throws {
        let state = try TemporaryDirectory()
        let directory = state.path + "/state"
        let first = try Self.withUmask0022 { try ServerKeys.load(configuration: makeTestConfiguration(stateDir: directory)) }
        #expect(Self.mode(directory) == 0o700)
        #expect(Self.mode(directory + "/jwt.key") == 0o600)
        #expect(Self.mode(directory + "/seal.key") == 0o600)
        // No temporary file is left behind, and a second start reads the same keys.
        #expect(Self.entries(directory) == ["jwt.key", "seal.key"])
        let second = try ServerKeys.load(configuration: makeTestConfiguration(stateDir: directory))
        #expect(first.signingKey == second.signingKey && first.sealingKey == second.sealingKey)
    }

    @Test func aKeyWrittenMeanwhileIsKeptNotReplaced() throws {
        let state = try TemporaryDirectory()
        let path = state.path + "/jwt.key"
        #expect(try PrivateFile.write(Data("first\n".utf8), to: path, existing: .keep))
        #expect(try !PrivateFile.write(Data("second\n".utf8), to: path, existing: .keep))
        #expect(FileManager.default.contents(atPath: path) == Data("first\n".utf8))
        try PrivateFile.write(Data("third\n".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("third\n".utf8))
        #expect(Self.mode(path) == 0o600)
        #expect(Self.entries(state.path) == ["jwt.key"])
    }

    /// The SQLite state database (revocations, login history, upload records) and its journal
    /// files are 0600 whatever the umask; a restart reads a revocation back.
    @Test func theStateDatabaseIs0600() async throws {
        let state = try TemporaryDirectory()
        let previous = umask(0o022)
        defer { umask(previous) }
        try StateDirectory.prepare(state.path)
        let store = SQLiteStateStore(path: state.path + "/state.sqlite", logger: Logger(label: "test"))
        try await RevocationList(store: store).revoke("token-1", until: Date().addingTimeInterval(60))
        let files = Self.entries(state.path)
        #expect(files.contains("state.sqlite"))
        for file in files { #expect(Self.mode(state.path + "/" + file) == 0o600, "\(file)") }
        let restarted = RevocationList(store: SQLiteStateStore(path: state.path + "/state.sqlite", logger: Logger(label: "test")))
        try await restarted.reload()
        #expect(restarted.isRevoked("token-1"))
    }

    @Test func anUploadIs0600() async throws {
        let state = try TemporaryDirectory()
        let database = SQLiteStateStore(path: state.path + "/state.sqlite", logger: Logger(label: "test"))
        let store = try UploadStore(filesDir: state.path + "/files", store: database, maxFileBytes: 1024, lifetime: 60,
                                    logger: Logger(label: "test"))
        let pending = try Self.withUmask0022 { () throws -> UploadStore.Pending in
            let pending = try store.begin(owner: "kim@zioinfo.co.kr")
            try pending.handle.write(contentsOf: Data("hello".utf8))
            return pending
        }
        let upload = try await store.commit(pending, owner: "kim@zioinfo.co.kr", filename: "a.txt", contentType: "text/plain", size: 5)
        let id = try #require(upload?.id)
        let folder = store.directory(of: "kim@zioinfo.co.kr")
        #expect(Self.entries(folder) == [id + ".data"])
        #expect(Self.mode(folder + "/" + id + ".data") == 0o600)
        #expect(Self.mode(folder) == 0o700)
        #expect(Self.mode(state.path + "/files") == 0o700)
    }

    @Test func aLooseExistingStateFolderIsTightenedAtStart() async throws {
        let state = try TemporaryDirectory()
        chmod(state.path, 0o755)
        #expect(Self.mode(state.path) == 0o755)
        _ = try await buildApplication(configuration: makeTestConfiguration(stateDir: state.path),
                                       dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { true }))
        #expect(Self.mode(state.path) == 0o700)
        chmod(state.path, 0o775)
        try StateDirectory.prepare(state.path)
        #expect(Self.mode(state.path) == 0o700)
    }

    /// A folder whose mode cannot be changed (procfs refuses chmod even for root) is refused.
    @Test func aLooseFolderThatCannotBeTightenedIsRefused() throws {
        #expect(Self.mode("/proc/self") & 0o077 != 0)
        #expect(throws: StateDirectoryError.self) { try StateDirectory.prepare("/proc/self") }
    }
}
