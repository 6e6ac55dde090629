import Foundation
import Testing
@testable import Webmail

/// Issue 27: the users' settings and trusted senders in the state store, on both engines; "another
/// browser" is a second instance (store) on the same database.
@Suite struct SettingsStoreTests {
    @Test(arguments: TestEngine.available)
    func defaultsUntilChangedThenTheChangeReachesAnotherInstance(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let one = SettingsStore(store: try fixture.makeStore())
            let other = SettingsStore(store: try fixture.makeStore())
            let fresh = try await one.settings(of: "kim@zioinfo.co.kr")
            #expect(fresh["language"] == .string("ko") && fresh["page_size"] == .number(50) && fresh["undo_send_seconds"] == .number(10))
            #expect(Set(fresh.keys) == Set(UserSetting.all.map(\.key)))

            try await one.update("Kim@zioinfo.co.kr", ["language": .string("en"), "display_name": .string("홍영태")])
            let seen = try await other.settings(of: "kim@zioinfo.co.kr")
            #expect(seen["language"] == .string("en") && seen["display_name"] == .string("홍영태"))
            #expect(try await other.displayName(of: "kim@zioinfo.co.kr") == "홍영태")
            // Another user's are untouched; a later PATCH of another key keeps the first.
            #expect(try await other.settings(of: "lee@zioinfo.co.kr")["language"] == .string("ko"))
            try await other.update("kim@zioinfo.co.kr", ["theme": .string("dark")])
            let both = try await one.settings(of: "kim@zioinfo.co.kr")
            #expect(both["theme"] == .string("dark") && both["language"] == .string("en"))
        }
    }

    @Test(arguments: TestEngine.available)
    func sendersAddedAtOnceFromTwoInstancesAreAllKept(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let stores = try (0..<2).map { _ in SettingsStore(store: try fixture.makeStore()) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask { _ = try await stores[index % 2].trust("sender\(index)@news.example", owner: "kim@zioinfo.co.kr") }
                }
                try await group.waitForAll()
            }
            _ = try await stores[0].trust("sender3@news.example", owner: "kim@zioinfo.co.kr")
            var senders = try await stores[1].settings(of: "kim@zioinfo.co.kr")["trusted_senders"]?.array ?? []
            #expect(senders.count == 10)
            try await stores[1].distrust("sender3@news.example", owner: "kim@zioinfo.co.kr")
            try await stores[1].distrust("nobody@news.example", owner: "kim@zioinfo.co.kr")
            senders = try await stores[0].settings(of: "kim@zioinfo.co.kr")["trusted_senders"]?.array ?? []
            #expect(senders.count == 9 && !senders.contains(.string("sender3@news.example")))
            // PATCH replaces the list.
            try await stores[0].update("kim@zioinfo.co.kr", ["trusted_senders": .array([.string("a@b.kr")])])
            #expect(try await stores[1].settings(of: "kim@zioinfo.co.kr")["trusted_senders"] == .array([.string("a@b.kr")]))
        }
    }

    @Test(arguments: TestEngine.available)
    func aDefaultSignatureNamingNoSignatureReadsAsNone(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = SettingsStore(store: try fixture.makeStore())
            let signature = JSONValue.object(["id": .string("work"), "name": .string("회사"), "html": .string("<b>홍영태</b>"), "text": .string("홍영태")])
            try await store.update("kim@zioinfo.co.kr", ["signatures": .array([signature]), "signature_new": .string("work"), "signature_reply": .string("gone")])
            let settings = try await store.settings(of: "kim@zioinfo.co.kr")
            #expect(settings["signatures"] == .array([signature]))
            #expect(settings["signature_new"] == .string("work") && settings["signature_reply"] == .null)
        }
    }
}
