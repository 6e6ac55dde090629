import Foundation

/// Who is trying to sign in: the account (normalized e-mail) and the client address.
struct LoginAttempt: Hashable, Sendable {
    let account: String
    let address: String
}

/// What the limiter decided about an attempt that has not reached the mail server yet.
enum LoginAdmission: Sendable, Equatable {
    /// Go ahead, after waiting `delay` (the account's progressive delay; zero for most logins).
    /// The attempt now counts as made until `finish` is called for it; after a non-zero delay,
    /// `delayEnded` must be called before the mail server is asked.
    case admitted(delay: Duration)
    /// Too many failed or running attempts for this (account, address) pair or this address:
    /// 429 with Retry-After.
    case limited(retryAfter: Int)
    /// Too many logins are being checked right now, from everyone together: 503 with Retry-After.
    case busy(retryAfter: Int)
}

/// How an admitted attempt ended.
enum LoginOutcome: Sendable {
    case succeeded
    /// Wrong credentials (or a password that could never be right): counted against the pair,
    /// the address and the account.
    case failed
    /// The mail server was unreachable or the request was cancelled: not the user's fault, not counted.
    case abandoned
    /// The request went away during its delay, before `delayEnded`: not counted.
    case cancelledDuringDelay
}

/// The login limit, behind a protocol so that a later state store (SQLite/PostgreSQL, shared by
/// several instances) can replace the in-memory `LoginRateLimiter` without touching the controller.
///
/// Every attempt is reserved with `admit` *before* the mail server is asked, so attempts that are
/// still running count like failures: a burst of concurrent guesses cannot overtake the limit.
protocol LoginAttemptLimiting: Sendable {
    func admit(_ attempt: LoginAttempt, now: Date) async -> LoginAdmission
    /// A delayed attempt is about to ask the mail server: from now on it takes one of the
    /// `concurrentTotal` places (waiting attempts do not, or a slow guesser could fill them all).
    func delayEnded(_ attempt: LoginAttempt, now: Date) async
    /// Ends an admitted attempt. For `.failed`, returns how many attempts are left for the
    /// (account, address) pair in the current window.
    @discardableResult
    func finish(_ attempt: LoginAttempt, outcome: LoginOutcome, now: Date) async -> Int?
}

/// The limits, from `ZM_LOGIN_*` (README). Modelled on OWASP's authentication cheat sheet, Dovecot's
/// auth penalty and Entra ID's Smart Lockout: the hard limit is per (account, address), so a stranger
/// cannot lock a user out and one typist cannot lock out a NAT-ed office; the account as a whole only
/// gets slower, except from addresses where it signed in before.
struct LoginLimits: Sendable {
    /// Failed (or running) logins per (account, address) pair within `window` (ZM_LOGIN_ATTEMPTS).
    var attemptsPerPair = 5
    /// ZM_LOGIN_WINDOW.
    var window: TimeInterval = 300
    /// Failed (or running) logins per client address, any accounts, within `window` (ZM_LOGIN_ADDRESS_ATTEMPTS).
    var attemptsPerAddress = 100
    /// The longest progressive delay of an account under attack (ZM_LOGIN_ACCOUNT_MAX_DELAY): after
    /// `attemptsPerPair` failures of the account from anywhere, each further attempt from an address
    /// the account has not signed in from waits 1 s, 2 s, 4 s … up to this.
    var accountMaxDelay: TimeInterval = 30
    /// Logins being checked at once from one client address (ZM_LOGIN_CONCURRENT_PER_ADDRESS): 429 beyond.
    var concurrentPerAddress = 4
    /// Logins being checked at once in total (ZM_LOGIN_CONCURRENT): 503 beyond, so a burst never
    /// fills Dovecot's login queue and a legitimate login still gets through quickly. Attempts
    /// waiting out an account's delay do not take these places; at most half as many may wait
    /// (429 beyond), so the mail server sees at most 1.5 times this many at once.
    var concurrentTotal = 32
    /// How long an address stays familiar to an account after a successful login there.
    var familiarFor: TimeInterval = 30 * 86400

    init() {}

    init(configuration: WebmailConfiguration) {
        attemptsPerPair = configuration.loginAttempts
        window = configuration.loginWindow
        attemptsPerAddress = configuration.loginAddressAttempts
        accountMaxDelay = configuration.loginAccountMaxDelay
        concurrentPerAddress = configuration.loginConcurrentPerAddress
        concurrentTotal = configuration.loginConcurrent
    }
}
