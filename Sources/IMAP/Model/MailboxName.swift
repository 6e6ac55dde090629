/// A mailbox name as it travels on the wire (modified UTF-7 for non-ASCII), with its decoded form.
///
/// Create one from what a user sees with ``init(_:)``; names received from the server keep
/// their exact bytes so they can be sent back unchanged even when they are not valid
/// modified UTF-7. `INBOX` is matched case-insensitively as RFC 3501 requires.
public struct MailboxName: Hashable, Sendable, CustomStringConvertible {
    /// The bytes sent to and received from the server.
    public let wireBytes: [UInt8]

    /// Encodes a human-readable (Unicode) mailbox name into modified UTF-7.
    public init(_ displayName: String) {
        if displayName.uppercased() == "INBOX" {
            self.wireBytes = Array("INBOX".utf8)
        } else {
            self.wireBytes = Array(ModifiedUTF7.encode(displayName).utf8)
        }
    }

    /// Wraps a name exactly as received from the server.
    public init(wireBytes: [UInt8]) {
        if let text = String(validating: wireBytes, as: UTF8.self), text.uppercased() == "INBOX" {
            self.wireBytes = Array("INBOX".utf8)
        } else {
            self.wireBytes = wireBytes
        }
    }

    public static let inbox = MailboxName("INBOX")

    /// The decoded Unicode name; falls back to lossy UTF-8 of the raw bytes when the server
    /// sent something that is not modified UTF-7 (some servers send raw UTF-8).
    public var displayName: String {
        ModifiedUTF7.decode(wireBytes) ?? String(decoding: wireBytes, as: UTF8.self)
    }

    public var isInbox: Bool { wireBytes == Array("INBOX".utf8) }

    /// The path components, split on the server's hierarchy delimiter, decoded.
    public func components(delimiter: Character?) -> [String] {
        guard let delimiter else { return [displayName] }
        return displayName.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
    }

    public var description: String { displayName }
}
