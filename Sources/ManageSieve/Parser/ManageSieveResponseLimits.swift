/// Bounds on what one response may hold, so that a broken or hostile server cannot make the
/// client buffer without end. Pigeonhole's largest script is 1 MiB by default.
public struct ManageSieveResponseLimits: Hashable, Sendable {
    /// The largest literal (`{n}`) accepted.
    public var maximumLiteralSize: Int
    /// The most bytes one line may hold outside literals.
    public var maximumLineLength: Int
    /// The most bytes one response (all lines and literals) may hold.
    public var maximumResponseSize: Int
    /// The most data lines before the status line.
    public var maximumLines: Int

    public init(maximumLiteralSize: Int = 4 << 20, maximumLineLength: Int = 64 << 10,
                maximumResponseSize: Int = 8 << 20, maximumLines: Int = 10_000) {
        self.maximumLiteralSize = maximumLiteralSize
        self.maximumLineLength = maximumLineLength
        self.maximumResponseSize = maximumResponseSize
        self.maximumLines = maximumLines
    }
}
