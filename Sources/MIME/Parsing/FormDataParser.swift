/// A streaming multipart/form-data parser (RFC 7578 over RFC 2046's framing), fed the request
/// body chunk by chunk as it arrives.
///
/// Ours rather than multipart-kit's: multipart-kit 4.7.1 (the newest 4.x) indexes a 128-entry
/// table with any header byte, so one byte >= 0x80 in a part header trapped and killed the whole
/// server. Here every byte of client input goes through bounds-checked code only, part headers
/// are limited in size and count, and every malformed input is a `Failure`, never a trap.
///
/// Part bodies are handed out as they arrive (never held whole), so a file part can be streamed
/// to disk; only the last few bytes that could begin a delimiter are kept back between chunks.
public struct FormDataParser {
    /// Bounds on what one form may make the parser hold or count.
    public struct Limits: Sendable {
        /// Bytes of one part's header block (its lines and their CRLFs).
        public var maxHeaderBytes: Int
        /// Header fields of one part (browsers send two: Content-Disposition and Content-Type).
        public var maxHeaderFields: Int
        /// Parts of the whole form.
        public var maxParts: Int

        public init(maxHeaderBytes: Int = 8 * 1024, maxHeaderFields: Int = 16, maxParts: Int = 200) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxHeaderFields = maxHeaderFields
            self.maxParts = maxParts
        }
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The boundary parameter is empty, too long or has characters RFC 2046 does not allow.
        case invalidBoundary
        /// A delimiter line is followed by something other than CRLF or the closing `--`.
        case malformedDelimiter
        /// A part header line is not `name: value` with a token name and a value free of controls.
        case malformedHeader
        case headerTooLarge
        case tooManyHeaderFields
        case tooManyParts
        /// The body ended before the closing delimiter.
        case truncated
    }

    /// One part header field; `name` is lowercased (field names are case-insensitive).
    public struct Header: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What the parser found, in body order: each part is `partBegin`, zero or more `body`
    /// chunks, `partEnd`.
    public enum Event {
        case partBegin([Header])
        case body(ArraySlice<UInt8>)
        case partEnd
    }

    private enum State {
        /// Before the first delimiter: ignored (RFC 2046 preamble).
        case preamble
        /// After a delimiter's boundary: transport padding, then CRLF or `--`.
        case afterDelimiter(padding: Int)
        case headers
        case body
        /// After the closing delimiter: ignored.
        case epilogue
        /// A failure was thrown; nothing more is read.
        case failed
    }

    /// CRLF "--" boundary: what ends a part's body.
    private let delimiter: [UInt8]
    private let limits: Limits
    private var state = State.preamble
    /// Unread input; starts with a CRLF so a delimiter at the very start matches like any other.
    private var buffer: [UInt8] = [ASCII.cr, ASCII.lf]
    private var position = 0
    private var parts = 0
    private var headerLines: [ArraySlice<UInt8>] = []
    private var headerBytes = 0

    /// Transport padding after a boundary (RFC 2046 LWSP) allowed before it is called malformed.
    private static let maxPadding = 64

    public init(boundary: String, limits: Limits = Limits()) throws(Failure) {
        let bytes = Array(boundary.utf8)
        guard Self.isValidBoundary(bytes) else { throw .invalidBoundary }
        delimiter = [ASCII.cr, ASCII.lf, UInt8(ascii: "-"), UInt8(ascii: "-")] + bytes
        self.limits = limits
    }

    private static let boundarySymbols = Array("'()+_,-./:=? ".utf8)

    /// RFC 2046 section 5.1.1: 1 to 70 of its `bchars`, not ending in a space.
    static func isValidBoundary(_ bytes: [UInt8]) -> Bool {
        guard (1...70).contains(bytes.count), bytes.last != ASCII.space else { return false }
        return bytes.allSatisfy { byte in
            ASCII.isAlphanumeric(byte) || Self.boundarySymbols.contains(byte)
        }
    }

    /// Reads the next chunk of the body, reporting what it completes to `handle`.
    public mutating func feed(_ chunk: some Collection<UInt8>, _ handle: (Event) throws -> Void) throws {
        if case .failed = state { throw Failure.truncated }
        if case .epilogue = state { return }
        buffer.append(contentsOf: chunk)
        do {
            try process(handle)
        } catch {
            state = .failed
            throw error
        }
        if position > 0 {
            buffer.removeFirst(position)
            headerLines = []
            position = 0
        }
    }

    /// Call after the last chunk: throws `.truncated` unless the closing delimiter was read.
    public func finish() throws(Failure) {
        guard case .epilogue = state else { throw .truncated }
    }

    private mutating func process(_ handle: (Event) throws -> Void) throws {
        while true {
            switch state {
            case .preamble, .body:
                var inBody = false
                if case .body = state { inBody = true }
                if let found = ByteSearch.firstIndex(of: delimiter, in: buffer[...], from: position) {
                    if inBody {
                        if found > position { try handle(.body(buffer[position..<found])) }
                        try handle(.partEnd)
                    }
                    position = found + delimiter.count
                    state = .afterDelimiter(padding: 0)
                } else {
                    // The last bytes may be the start of a delimiter split across chunks.
                    let safeEnd = max(position, buffer.count - (delimiter.count - 1))
                    if inBody, safeEnd > position { try handle(.body(buffer[position..<safeEnd])) }
                    position = safeEnd
                    return
                }
            case .afterDelimiter(var padding):
                while position < buffer.count, buffer[position] == ASCII.space || buffer[position] == ASCII.tab {
                    position += 1
                    padding += 1
                    guard padding <= Self.maxPadding else { throw Failure.malformedDelimiter }
                }
                guard buffer.count - position >= 2 else {
                    state = .afterDelimiter(padding: padding)
                    return
                }
                let next = (buffer[position], buffer[position + 1])
                if padding == 0, next == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .epilogue
                    position = buffer.count
                    return
                }
                guard next == (ASCII.cr, ASCII.lf) else { throw Failure.malformedDelimiter }
                position += 2
                parts += 1
                guard parts <= limits.maxParts else { throw Failure.tooManyParts }
                headerLines = []
                headerBytes = 0
                state = .headers
            case .headers:
                guard let lineEnd = Self.crlf(in: buffer, from: position) else {
                    guard headerBytes + buffer.count - position <= limits.maxHeaderBytes else { throw Failure.headerTooLarge }
                    // The lines read so far are re-read with the rest of the block.
                    position -= headerBytes
                    headerBytes = 0
                    headerLines = []
                    return
                }
                headerBytes += lineEnd + 2 - position
                guard headerBytes <= limits.maxHeaderBytes else { throw Failure.headerTooLarge }
                let line = buffer[position..<lineEnd]
                position = lineEnd + 2
                if line.isEmpty {
                    let headers = try Self.parseHeaders(headerLines)
                    guard headers.count <= limits.maxHeaderFields else { throw Failure.tooManyHeaderFields }
                    try handle(.partBegin(headers))
                    headerLines = []
                    headerBytes = 0
                    state = .body
                } else {
                    headerLines.append(line)
                }
            case .epilogue:
                position = buffer.count
                return
            case .failed:
                throw Failure.truncated
            }
        }
    }

    private static func crlf(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while let cr = ByteSearch.firstIndex(of: ASCII.cr, in: bytes[...], from: index) {
            guard cr + 1 < bytes.count else { return nil }
            if bytes[cr + 1] == ASCII.lf { return cr }
            index = cr + 1
        }
        return nil
    }

    /// `name: value` lines; a line starting with SP or HT continues the one before (obs-fold).
    private static func parseHeaders(_ lines: [ArraySlice<UInt8>]) throws(Failure) -> [Header] {
        var fields: [[UInt8]] = []
        for line in lines {
            if let first = line.first, first == ASCII.space || first == ASCII.tab {
                guard !fields.isEmpty else { throw .malformedHeader }
                fields[fields.count - 1] += line
            } else {
                fields.append(Array(line))
            }
        }
        return try fields.map { field throws(Failure) -> Header in
            guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                  field[..<colon].allSatisfy(ASCII.isTokenCharacter) else { throw .malformedHeader }
            var value = field[(colon + 1)...]
            while let first = value.first, first == ASCII.space || first == ASCII.tab { value = value.dropFirst() }
            while let last = value.last, last == ASCII.space || last == ASCII.tab { value = value.dropLast() }
            guard !value.contains(where: ASCII.isControlOtherThanTab) else { throw .malformedHeader }
            return Header(name: String(decoding: field[..<colon], as: UTF8.self).lowercased(),
                          value: String(decoding: value, as: UTF8.self))
        }
    }
}
