import Foundation

/// Crash points of the outbox's send path, for the crash tests (tests/cluster/test_outbox_crash.py)
/// only: in a debug build, `ZM_TEST_OUTBOX_CRASH=<point>` makes the process SIGKILL itself when it
/// gets there — the one way to die at an exact step that a signal from outside cannot hit. A
/// release build compiles every point to nothing and never reads the variable.
enum OutboxFaultPoint: String, Sendable {
    /// SMTP's final OK came, before the Sent copy was appended.
    case afterSMTP = "after-smtp"
    /// The Sent copy is stored, before the entry is marked sent.
    case afterSubmit = "after-submit"

    #if DEBUG
    private static let armed = ProcessInfo.processInfo.environment["ZM_TEST_OUTBOX_CRASH"].flatMap(OutboxFaultPoint.init(rawValue:))
    #endif

    /// Dies here when this point is armed (debug builds only).
    func reach() {
        #if DEBUG
        if Self.armed == self { kill(getpid(), SIGKILL) }
        #endif
    }
}
