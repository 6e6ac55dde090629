import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// Issue 23 items 5, 6 and 8: the login limit counts attempts before the mail server is asked,
/// caps concurrent logins, limits per (account, address) so nobody can lock another user out,
/// and only slows down an account under a distributed attack.
@Suite struct LoginLimitTests {
    static let user = "tester@zioinfo.co.kr", password = "right-password"
    static let colleague = "colleague@zioinfo.co.kr", colleaguePassword = "other-password"

    static func withServer(
        _ verifier: GatedLoginVerifier, tweak: (inout WebmailConfiguration) -> Void = { _ in },
        _ body: @Sendable (LoginBurstClient) async throws -> Void
    ) async throws {
        let state = try TemporaryDirectory()
        let configuration = makeTestConfiguration(stateDir: state.path, tweak: tweak)
        let app = try await buildApplication(configuration: configuration,
                                             dependencies: .init(loginVerifier: verifier, imapProbe: { true }, smtpProbe: { true }))
        try await app.test(.live) { client in
            let burst = LoginBurstClient(port: try #require(client.port))
            do { try await body(burst) } catch { try? await burst.shutdown(); throw error }
            try await burst.shutdown()
        }
    }

    // MARK: the limiter's rules, directly

    static func limiter(_ tweak: (inout LoginLimits) -> Void) -> LoginRateLimiter {
        var limits = LoginLimits()
        tweak(&limits)
        return LoginRateLimiter(limits: limits)
    }

    /// One whole attempt: admitted (whatever the delay) and ended with `outcome`.
    static func attemptOnce(_ limiter: LoginRateLimiter, _ attempt: LoginAttempt, _ outcome: LoginOutcome, now: Date) {
        _ = limiter.admit(attempt, now: now)
        limiter.finish(attempt, outcome: outcome, now: now)
    }

    @Test func runningAttemptsCountBeforeTheyFail() {
        let limiter = Self.limiter { $0.attemptsPerPair = 3 }
        let attempt = LoginAttempt(account: Self.user, address: "10.0.0.1")
        let now = Date()
        for _ in 0..<3 { #expect(limiter.admit(attempt, now: now) == .admitted(delay: .zero)) }
        // Nothing has failed yet, but three are running: the fourth waits.
        #expect(limiter.admit(attempt, now: now) == .limited(retryAfter: 1))
        #expect(limiter.finish(attempt, outcome: .failed, now: now) == 0)
        limiter.finish(attempt, outcome: .abandoned, now: now)
        // An abandoned attempt (mail server down) gives its place back; a failure keeps it for the window.
        #expect(limiter.finish(attempt, outcome: .failed, now: now) == 1)
        #expect(limiter.admit(attempt, now: now) == .admitted(delay: .zero))
        #expect(limiter.admit(attempt, now: now) == .limited(retryAfter: 300))
        limiter.finish(attempt, outcome: .succeeded, now: now)
        // Success clears the pair.
        #expect(limiter.admit(attempt, now: now) == .admitted(delay: .zero))
    }

    @Test func thePairIsLimitedNotTheAccountOrTheOffice() {
        let limiter = LoginRateLimiter(limits: LoginLimits())
        let office = "203.0.113.7", start = Date()
        let mistyped = LoginAttempt(account: Self.user, address: office)
        for index in 0..<5 {
            #expect(limiter.admit(mistyped, now: start) == .admitted(delay: .zero))
            #expect(limiter.finish(mistyped, outcome: .failed, now: start.addingTimeInterval(Double(index))) == 4 - index)
        }
        #expect(limiter.admit(mistyped, now: start.addingTimeInterval(10)) == .limited(retryAfter: 290))
        // A colleague behind the same NAT address signs in as usual.
        #expect(limiter.admit(LoginAttempt(account: Self.colleague, address: office), now: start.addingTimeInterval(10)) == .admitted(delay: .zero))
        // The right user from elsewhere gets in, after the account's first progressive delay.
        #expect(limiter.admit(LoginAttempt(account: Self.user, address: "198.51.100.9"), now: start.addingTimeInterval(10)) == .admitted(delay: .seconds(1)))
        // The window passes: the pair may try again.
        #expect(limiter.admit(mistyped, now: start.addingTimeInterval(301)) == .admitted(delay: .zero))
    }

    @Test func aDistributedGuesserIsSlowedProgressivelyButFamiliarAddressesAreNot() {
        let limiter = Self.limiter { $0.accountMaxDelay = 8 }
        let now = Date()
        let home = LoginAttempt(account: Self.user, address: "192.0.2.1")
        Self.attemptOnce(limiter, home, .succeeded, now: now)
        var delays: [Duration] = []
        for bot in 0..<9 {
            let attempt = LoginAttempt(account: Self.user, address: "198.18.0.\(bot)")
            guard case .admitted(let delay) = limiter.admit(attempt, now: now) else { Issue.record("bot \(bot) refused"); return }
            delays.append(delay)
            limiter.finish(attempt, outcome: .failed, now: now)
        }
        #expect(delays == [.zero, .zero, .zero, .zero, .zero, .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        // Where the user signed in before, the account's delay does not apply.
        #expect(limiter.admit(home, now: now) == .admitted(delay: .zero))
    }

    /// Attempts waiting out an account's delay must not fill the total places (everyone's 503),
    /// and only half as many may wait.
    @Test func delayedAttemptsWaitOutsideTheTotalCap() {
        let limiter = Self.limiter { $0.attemptsPerPair = 1; $0.concurrentTotal = 4 }
        let now = Date()
        Self.attemptOnce(limiter, LoginAttempt(account: Self.user, address: "198.18.2.0"), .failed, now: now)
        // From here on the account is delayed; two may wait (half of 4), a third is told to come back.
        let waiting = (1...2).map { LoginAttempt(account: Self.user, address: "198.18.2.\($0)") }
        #expect(limiter.admit(waiting[0], now: now) == .admitted(delay: .seconds(1)))
        #expect(limiter.admit(waiting[1], now: now) == .admitted(delay: .seconds(2)))
        #expect(limiter.admit(LoginAttempt(account: Self.user, address: "198.18.2.3"), now: now) == .limited(retryAfter: 4))
        // The waiting ones leave all four places to everyone else.
        let others = (0..<4).map { LoginAttempt(account: "user\($0)@x", address: "10.9.9.\($0)") }
        for other in others { #expect(limiter.admit(other, now: now) == .admitted(delay: .zero)) }
        #expect(limiter.admit(LoginAttempt(account: "late@x", address: "10.9.9.9"), now: now) == .busy(retryAfter: 1))
        // One gives up during its delay, the other goes on to the mail server.
        limiter.finish(waiting[0], outcome: .cancelledDuringDelay, now: now)
        limiter.delayEnded(waiting[1], now: now)
        for other in others { limiter.finish(other, outcome: .succeeded, now: now) }
        limiter.finish(waiting[1], outcome: .failed, now: now)
        // Everything was given back: four places again.
        for index in 0..<4 {
            #expect(limiter.admit(LoginAttempt(account: "again\(index)@x", address: "10.8.8.\(index)"), now: now) == .admitted(delay: .zero))
        }
    }

    @Test func anAddressHasAHigherLimitOfItsOwnAndConcurrencyCaps() {
        let limiter = Self.limiter { $0.attemptsPerAddress = 6; $0.concurrentPerAddress = 2; $0.concurrentTotal = 3 }
        let now = Date()
        // Two running from one address: a third from there waits, one from elsewhere goes.
        let a1 = LoginAttempt(account: "a1@x", address: "10.1.1.1"), a2 = LoginAttempt(account: "a2@x", address: "10.1.1.1")
        #expect(limiter.admit(a1, now: now) == .admitted(delay: .zero))
        #expect(limiter.admit(a2, now: now) == .admitted(delay: .zero))
        #expect(limiter.admit(LoginAttempt(account: "a3@x", address: "10.1.1.1"), now: now) == .limited(retryAfter: 1))
        #expect(limiter.admit(LoginAttempt(account: "b@x", address: "10.2.2.2"), now: now) == .admitted(delay: .zero))
        // Three running in all: everyone waits (503).
        #expect(limiter.admit(LoginAttempt(account: "c@x", address: "10.3.3.3"), now: now) == .busy(retryAfter: 1))
        for attempt in [a1, a2, LoginAttempt(account: "b@x", address: "10.2.2.2")] { limiter.finish(attempt, outcome: .failed, now: now) }
        // Six failures from one address over many accounts: that address waits, whatever the account.
        for index in 0..<4 { Self.attemptOnce(limiter, LoginAttempt(account: "guess\(index)@x", address: "10.1.1.1"), .failed, now: now) }
        #expect(limiter.admit(LoginAttempt(account: "new@x", address: "10.1.1.1"), now: now) == .limited(retryAfter: 300))
    }

    // MARK: over HTTP

    /// Item 5 with a scripted slow server: every wrong guess is held "at Dovecot" until the burst
    /// is all in; only the allowed number may get there, the rest are refused at once.
    @Test(arguments: [30, 200])
    func aBurstOfWrongGuessesReachesTheMailServerOnlyAsOftenAsAllowed(count: Int) async throws {
        let verifier = GatedLoginVerifier()
        try await Self.withServer(verifier) { client in
            let answers = NIOLockedValueBox<[LoginBurstClient.Answer]>([])
            let burst = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<count {
                        group.addTask {
                            let answer = try await client.login(Self.user, "guess", from: "198.51.100.1")
                            answers.withLockedValue { $0.append(answer) }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // Every attempt has been answered or is being checked.
            let settled = await eventually(within: .seconds(30)) { answers.withLockedValue { $0.count } + verifier.calls == count }
            #expect(settled, "answers \(answers.withLockedValue { $0.count }), calls \(verifier.calls)")
            let reached = verifier.calls
            #expect(reached <= 4, "\(reached) of \(count) reached the mail server")
            let refused = answers.withLockedValue { $0 }
            #expect(refused.allSatisfy { $0.status == 429 && ($0.retryAfter ?? 0) >= 1 })
            // The right user, from another address, during the burst.
            let legitimate = try await client.login(Self.user, Self.password, from: "192.0.2.10")
            #expect(legitimate.status == 200)
            // The gate holds every admitted guess until `open()`, so finishing at all shows the right
            // login does not queue behind the burst; what it may wait is the account's 1 s delay.
            // A correctness bound (delay + 5 s), not a speed target: 2.09 s was seen on a loaded CI host.
            #expect(legitimate.elapsed < .seconds(6), "\(legitimate.elapsed)")
            verifier.open()
            try await burst.value
            let all = answers.withLockedValue { $0 }
            #expect(all.filter { $0.status == 401 }.count == reached)
            print("login burst (gated verifier) \(count): \(reached) reached the verifier, legitimate login \(legitimate.elapsed)")
        }
    }

    @Test func theTotalCapAnswers503WithoutAskingTheMailServer() async throws {
        let verifier = GatedLoginVerifier()
        try await Self.withServer(verifier, tweak: { $0.loginConcurrent = 5 }) { client in
            let answers = NIOLockedValueBox<[LoginBurstClient.Answer]>([])
            let burst = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for bot in 0..<40 {
                        group.addTask {
                            // Many accounts, so no account's delay comes into it.
                            let answer = try await client.login("bot\(bot)@zioinfo.co.kr", "guess", from: "198.18.1.\(bot)")
                            answers.withLockedValue { $0.append(answer) }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(await eventually(within: .seconds(30)) { answers.withLockedValue { $0.count } + verifier.calls == 40 })
            #expect(verifier.calls == 5)
            #expect(answers.withLockedValue { $0 }.allSatisfy { $0.status == 503 && $0.retryAfter == 1 && $0.detail != nil })
            verifier.open()
            try await burst.value
        }
    }

    /// Item 6: five wrong guesses from one address neither lock the user out elsewhere nor lock
    /// out the colleagues behind the same address; the 401 says how many tries are left.
    @Test func wrongGuessesLockOnlyTheirOwnPair() async throws {
        let verifier = GatedLoginVerifier()
        verifier.open()
        try await Self.withServer(verifier, tweak: { $0.loginAccountMaxDelay = 1 }) { client in
            let office = "203.0.113.50"
            var left: [Int?] = []
            for _ in 0..<5 {
                let answer = try await client.login(Self.user, "mistyped", from: office)
                #expect(answer.status == 401 && answer.detail == "인증 실패")
                left.append(answer.attemptsLeft)
            }
            #expect(left == [4, 3, 2, 1, 0])
            let limited = try await client.login(Self.user, Self.password, from: office)
            #expect(limited.status == 429 && (limited.retryAfter ?? 0) > 200)
            let callsBefore = verifier.calls
            #expect(try await client.login(Self.colleague, Self.colleaguePassword, from: office).status == 200)
            let elsewhere = try await client.login(Self.user, Self.password, from: "192.0.2.77")
            #expect(elsewhere.status == 200)
            // …after the account's progressive delay (1 s here: ZM_LOGIN_ACCOUNT_MAX_DELAY=1).
            #expect(elsewhere.elapsed >= .milliseconds(950))
            #expect(verifier.calls == callsBefore + 2)
        }
    }

    /// Item 8: CR LF is one Character, so a check over Characters missed it; it is a wrong
    /// password (401, counted) and never reaches the mail server.
    @Test func aPasswordWithCRLFIsAWrongPasswordAndCounted() async throws {
        let verifier = GatedLoginVerifier()
        verifier.open()
        try await Self.withServer(verifier) { client in
            for (index, password) in ["right-password\r\nA2 LOGOUT", "x\r\n", "a\0b", "\n"].enumerated() {
                let answer = try await client.login(Self.user, password, from: "198.51.100.20")
                #expect(answer.status == 401, "\(password.debugDescription)")
                #expect(answer.attemptsLeft == 4 - index)
            }
            #expect(verifier.calls == 0)
        }
    }

    /// Item 7 on a real connection: the browser's Origin is checked against the Host it asked.
    @Test func anOriginIsAcceptedOnlyForTheHostAskedFor() async throws {
        let verifier = GatedLoginVerifier()
        verifier.open()
        try await Self.withServer(verifier) { client in
            let own = try await client.login(Self.user, Self.password, from: "192.0.2.5",
                                             headers: [("Origin", "http://127.0.0.1:\(client.port)"), ("Sec-Fetch-Site", "same-origin")])
            #expect(own.status == 200)
            let foreign = try await client.login(Self.user, Self.password, from: "192.0.2.5", headers: [("Origin", "http://attacker.example")])
            #expect(foreign.status == 403)
            let form = try await client.login(Self.user, Self.password, from: "192.0.2.5", contentType: "text/plain")
            #expect(form.status == 415)
        }
    }
}
