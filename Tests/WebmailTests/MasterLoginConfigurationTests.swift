import Foundation
import Testing
@testable import Webmail

/// Issue 33's settings: the master login (both settings or none; the password file read once and
/// refused when other users may read it; the password never in an error or a description) and
/// the internal domains.
@Suite struct MasterLoginConfigurationTests {
    private func passwordFile(_ contents: String, mode: Int) throws -> TemporaryFile {
        let file = try TemporaryFile(contents: contents)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return file
    }

    @Test func unsetMeansOffAndInternalDomainsDefaultToTheMailDomain() throws {
        let configuration = try WebmailConfiguration.load(environment: ["ZM_MAIL_DOMAIN": "zioinfo.co.kr"])
        #expect(configuration.imapMaster == nil)
        #expect(configuration.resolvedInternalDomains == ["zioinfo.co.kr"])
        #expect(try WebmailConfiguration.load(environment: [:]).resolvedInternalDomains == [])
    }

    @Test func theMasterLoginIsReadFromItsFile() throws {
        let file = try passwordFile("s3cret-Master\n", mode: 0o640)
        let configuration = try WebmailConfiguration.load(environment: [
            "ZM_IMAP_MASTER_USER": "webmail-master", "ZM_IMAP_MASTER_PASSWORD_FILE": file.path,
            "ZM_INTERNAL_DOMAINS": "Zioinfo.co.kr, zioinfo.com,zioinfo.com",
        ])
        #expect(configuration.imapMaster == IMAPMasterLogin(user: "webmail-master", password: "s3cret-Master"))
        #expect(configuration.imapMaster?.loginName(for: "info@zioinfo.co.kr") == "info@zioinfo.co.kr*webmail-master")
        #expect(configuration.resolvedInternalDomains == ["zioinfo.co.kr", "zioinfo.com"])
        #expect(!"\(configuration.imapMaster!)".contains("s3cret"))
    }

    @Test func theFlagsSetThemToo() throws {
        let file = try passwordFile("pw\n", mode: 0o600)
        let configuration = try WebmailConfiguration.load(flags: [
            .imapMasterUser: "m", .imapMasterPasswordFile: file.path, .internalDomains: "a.example",
        ], environment: [:])
        #expect(configuration.imapMaster?.user == "m")
        #expect(configuration.resolvedInternalDomains == ["a.example"])
    }

    @Test func aWorldReadablePasswordFileIsRefusedWithAClearMessage() throws {
        let file = try passwordFile("s3cret-Master\n", mode: 0o644)
        do {
            _ = try WebmailConfiguration.load(environment: [
                "ZM_IMAP_MASTER_USER": "webmail-master", "ZM_IMAP_MASTER_PASSWORD_FILE": file.path,
            ])
            Issue.record("a world-readable password file was accepted")
        } catch {
            #expect(error.description.contains("ZM_IMAP_MASTER_PASSWORD_FILE"))
            #expect(error.description.contains("0644"))
            #expect(error.description.contains("other users cannot read"))
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test(arguments: [
        ["ZM_IMAP_MASTER_USER": "webmail-master"],
        ["ZM_IMAP_MASTER_PASSWORD_FILE": "/nonexistent"],
        ["ZM_IMAP_MASTER_USER": "webmail-master", "ZM_IMAP_MASTER_PASSWORD_FILE": "/nonexistent/pw"],
        ["ZM_INTERNAL_DOMAINS": "not a domain"],
    ])
    func incompleteOrBadSettingsAreRefused(environment: [String: String]) {
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration.load(environment: environment) }
    }

    @Test func aMasterNameWithTheSeparatorOrAnEmptyFileIsRefused() throws {
        let good = try passwordFile("pw", mode: 0o600)
        #expect(throws: ConfigurationError.self) {
            try WebmailConfiguration.load(environment: ["ZM_IMAP_MASTER_USER": "a*b", "ZM_IMAP_MASTER_PASSWORD_FILE": good.path])
        }
        let empty = try passwordFile("\n", mode: 0o600)
        #expect(throws: ConfigurationError.self) {
            try WebmailConfiguration.load(environment: ["ZM_IMAP_MASTER_USER": "m", "ZM_IMAP_MASTER_PASSWORD_FILE": empty.path])
        }
    }
}
