/// The server sent something that is not valid IMAP (or exceeds a limit). The connection that
/// received it is closed, because after a malformed response its framing can no longer be trusted.
public struct IMAPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset within the response where parsing failed.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "IMAP parse error at byte \(offset): \(message)" }
}
