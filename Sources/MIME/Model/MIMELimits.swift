/// Bounds that keep parsing hostile or broken mail in bounded time and memory. When a bound is
/// hit the parser stops descending, keeps what it has, and sets `isTruncated` on the part and
/// the message — it never throws and never crashes.
public struct MIMELimits: Sendable, Hashable {
    /// Maximum nesting of multipart and message/rfc822 levels below the top-level message.
    public var maxDepth: Int
    /// Maximum number of body parts in the whole tree, not counting the top-level message.
    public var maxParts: Int
    /// Maximum size of one header block, in bytes.
    public var maxHeaderBytes: Int

    public init(maxDepth: Int = 64, maxParts: Int = 10_000, maxHeaderBytes: Int = 256 * 1024) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
    }

    public static let `default` = MIMELimits()
}
