import Foundation
import IMAP
import Testing
@testable import Webmail

/// The connection bounds' `ZM_*` settings (issue 23): read, defaulted, validated, and handed to
/// the IMAP pool and the HTTP server.
@Suite struct ConnectionSettingsTests {
    @Test func theDefaultsAreSane() throws {
        let configuration = try WebmailConfiguration.load(environment: [:])
        #expect(configuration.httpIdleTimeout == 60)
        #expect(configuration.httpHeaderTimeout == 10)
        #expect(configuration.imapPoolMaxTotal == 128)
        #expect(configuration.imapPoolMaxPerAccount == 2)
        #expect(configuration.imapPoolIdleTimeout == 300)
        #expect(configuration.imapPoolWaitTimeout == 10)
        #expect(configuration.eventsHeartbeat == 25)
    }

    @Test func theSettingsAreReadAndReachThePool() throws {
        let configuration = try WebmailConfiguration.load(environment: [
            "ZM_HTTP_IDLE_TIMEOUT": "30", "ZM_HTTP_HEADER_TIMEOUT": "5",
            "ZM_IMAP_POOL_MAX_TOTAL": "64", "ZM_IMAP_POOL_MAX_PER_ACCOUNT": "3",
            "ZM_IMAP_POOL_IDLE_TIMEOUT": "120", "ZM_IMAP_POOL_WAIT_TIMEOUT": "4", "ZM_EVENTS_HEARTBEAT": "15",
        ])
        #expect(configuration.httpIdleTimeout == 30)
        #expect(configuration.httpHeaderTimeout == 5)
        #expect(configuration.eventsHeartbeat == 15)
        let limits = IMAPMailStore.poolLimits(configuration)
        #expect(limits.maximumTotal == 64)
        #expect(limits.maximumPerAccount == 3)
        #expect(limits.idleTimeout == .seconds(120))
        #expect(limits.waitTimeout == .seconds(4))
        let http = httpChannelConfiguration(configuration)
        #expect(http.idleTimeout == .seconds(30))
    }

    /// The per-account bound stays below Dovecot's `mail_max_userip_connections` (10 by default),
    /// with room for the user's IDLE feed; zero or negative bounds would block everyone.
    @Test(arguments: [
        ("ZM_IMAP_POOL_MAX_PER_ACCOUNT", "9"), ("ZM_IMAP_POOL_MAX_PER_ACCOUNT", "0"),
        ("ZM_IMAP_POOL_MAX_TOTAL", "0"), ("ZM_IMAP_POOL_WAIT_TIMEOUT", "0"), ("ZM_IMAP_POOL_IDLE_TIMEOUT", "-5"),
        ("ZM_HTTP_IDLE_TIMEOUT", "0"), ("ZM_HTTP_HEADER_TIMEOUT", "ten"), ("ZM_EVENTS_HEARTBEAT", "0"),
    ])
    func anOutOfRangeValueNamesTheSetting(setting: String, value: String) {
        do {
            _ = try WebmailConfiguration.load(environment: [setting: value])
            Issue.record("\(setting)=\(value) was accepted")
        } catch {
            #expect(error.description.contains(setting))
        }
    }
}
