/// Why bytes from the server are not a ManageSieve response. The connection cannot continue
/// after one (the framing is lost).
public enum ManageSieveParseError: Error, Hashable, Sendable {
    /// A byte that the grammar does not allow at `offset` of the response.
    case unexpectedByte(UInt8, offset: Int)
    /// A literal, a line or the whole response is larger than the limits allow.
    case tooLarge(String)
    /// A response line that is neither data nor a status line in a form we understand.
    case malformed(String)
}
