import Foundation

/// Counts the IMAP round trips (a command, or commands pipelined together, and the wait for
/// their completion) made on behalf of one unit of work, such as one HTTP request. Bind it with `IMAPCommandCounter.$current.withValue`:
/// every connection the task uses — pooled, freshly logged in, or streaming — adds to it, so
/// a caller can measure the round trips a request really cost without threading a counter
/// through every API.
public final class IMAPCommandCounter: @unchecked Sendable {
    /// The counter of the running task, if any.
    @TaskLocal public static var current: IMAPCommandCounter?

    // A plain lock: increments are tiny and may come from several connections' actors.
    private let lock = NSLock()
    private var value = 0
    private var names: [String] = []

    public init() {}

    /// Round trips so far.
    public var count: Int { lock.withLock { value } }

    /// The commands of those round trips by name (`UID THREAD`, `UID FETCH`), in order: what a
    /// test checks to see that an update did not redo a whole-mailbox command.
    public var commandNames: [String] { lock.withLock { names } }

    func increment(_ name: String) {
        lock.withLock {
            value += 1
            names.append(name)
        }
    }
}
