import Foundation
import NIOConcurrencyHelpers
@testable import Webmail

/// A login verifier for the limiter's race tests: it knows a few accounts, counts every call that
/// reached it ("the mail server"), and holds wrong passwords until `open()` — standing in for
/// Dovecot's auth failure delay, so a burst's attempts are all in flight at once, deterministically.
/// Right passwords answer at once. Optionally it forwards to a real verifier instead (counting only).
final class GatedLoginVerifier: MailLoginVerifying {
    private struct State {
        var calls = 0
        var open = false
        var held: [CheckedContinuation<Void, Never>] = []
        var successfulForwards: [Duration] = []
    }
    private let state = NIOLockedValueBox(State())
    let accounts: [String: String]
    let forward: (any MailLoginVerifying)?

    init(accounts: [String: String] = ["tester@zioinfo.co.kr": "right-password", "colleague@zioinfo.co.kr": "other-password"],
         forwardingTo forward: (any MailLoginVerifying)? = nil) {
        self.accounts = accounts
        self.forward = forward
        if forward != nil { state.withLockedValue { $0.open = true } }
    }

    /// How many logins reached the verifier.
    var calls: Int { state.withLockedValue { $0.calls } }
    /// How long each successful forwarded login took at the real server, in order.
    var successfulForwards: [Duration] { state.withLockedValue { $0.successfulForwards } }

    func verifyLogin(email: String, password: String) async throws(MailLoginError) {
        state.withLockedValue { $0.calls += 1 }
        if let forward {
            let started = ContinuousClock.now
            try await forward.verifyLogin(email: email, password: password)
            let took = ContinuousClock.now - started
            state.withLockedValue { $0.successfulForwards.append(took) }
            return
        }
        if accounts[email] == password { return }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLockedValue { state in
                if state.open { return true }
                state.held.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        throw .invalidCredentials
    }

    /// Lets every held (and every later) wrong password fail.
    func open() {
        let held = state.withLockedValue { state in
            state.open = true
            defer { state.held = [] }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }
}

/// Waits, bounded, until `condition` holds (for states only visible by looking, like counters
/// across a running burst); true when it did.
func eventually(within timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
