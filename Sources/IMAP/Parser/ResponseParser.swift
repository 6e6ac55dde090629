/// A recursive-descent parser over one frame (a response with its literals in-line).
///
/// The grammar is split by area into extensions: primitives, response codes, mailbox data,
/// FETCH, ENVELOPE and BODYSTRUCTURE. Every read is bounds-checked and nesting is limited,
/// so no input can crash it or make it loop.
struct ResponseParser {
    static let maximumNesting = 40

    let bytes: [UInt8]
    var position: Int
    var end: Int
    var depth = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    func error(_ message: String) -> IMAPParseError { IMAPParseError(message, offset: position) }

    /// Runs `body` one nesting level deeper, failing beyond ``maximumNesting``.
    mutating func nested<T>(_ body: (inout ResponseParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNesting else { throw error("nesting too deep") }
        return try body(&self)
    }
}

/// Turns frames into ``ResponseEvent``s.
extension ResponseParser {
    static func events(for frame: Frame) throws -> [ResponseEvent] {
        switch frame {
        case .complete(let bytes):
            // A message list's FETCH responses are read without building the general model.
            if let summary = SummaryScanner.scan(bytes) {
                return [.response(.untagged(.fetch(FetchResponse(scanned: summary))))]
            }
            var parser = ResponseParser(bytes)
            return [.response(try parser.parseResponse())]
        case .streamPrefix(let bytes, let continuing):
            var parser = ResponseParser(bytes)
            var events: [ResponseEvent] = []
            if !continuing {
                try parser.expect("*")
                try parser.expectSpace()
                let number = try parser.parseNumber()
                try parser.expectSpace()
                try parser.expectWord("FETCH")
                try parser.expectSpace()
                try parser.expect("(")
                events.append(.streamingFetchBegin(sequenceNumber: number))
            }
            let (attributes, stream) = try parser.parseFetchAttributes(isFirstItem: !continuing, allowStreamAtEnd: true)
            if !attributes.isEmpty { events.append(.streamingFetchAttributes(attributes)) }
            guard let stream else { throw parser.error("streamed FETCH value expected") }
            events.append(.streamingBodyBegin(stream.section, byteCount: stream.byteCount))
            return events
        case .streamBytes(let bytes):
            return [.streamingBodyBytes(bytes)]
        case .streamEnd:
            return [.streamingBodyEnd]
        case .streamTail(let bytes):
            var parser = ResponseParser(bytes)
            let (attributes, _) = try parser.parseFetchAttributes(isFirstItem: false, allowStreamAtEnd: false)
            try parser.expectLineEnd()
            var events: [ResponseEvent] = []
            if !attributes.isEmpty { events.append(.streamingFetchAttributes(attributes)) }
            events.append(.streamingFetchEnd)
            return events
        }
    }

    /// `response = continue-req / response-data / response-tagged`
    mutating func parseResponse() throws -> Response {
        guard let first = peek() else { throw error("empty response") }
        if first == UInt8(ascii: "+") {
            position += 1
            if peek() == UInt8(ascii: " ") { position += 1 }
            let text = try readToLineEnd()
            return .continuation(text)
        }
        if first == UInt8(ascii: "*") {
            position += 1
            try expectSpace()
            let untagged = try parseUntagged()
            try expectLineEnd()
            return .untagged(untagged)
        }
        let tag = try parseTag()
        try expectSpace()
        let word = try parseAtom().uppercased()
        guard let status = ResponseStatus(rawValue: word) else { throw error("unknown tagged status \(word)") }
        let text = try parseOptionalResponseText()
        try expectLineEnd()
        return .tagged(TaggedResponse(tag: tag, status: status, text: text))
    }

    /// `tag = 1*<any ASTRING-CHAR except "+">`
    mutating func parseTag() throws -> String {
        let start = position
        while let byte = peek(), Self.isAtomChar(byte) || byte == UInt8(ascii: "]"), byte != UInt8(ascii: "+") {
            position += 1
        }
        guard position > start else { throw error("tag expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Status text after `OK`/`NO`/`BAD`/`BYE`/`PREAUTH`, tolerating its absence.
    mutating func parseOptionalResponseText() throws -> ResponseText {
        guard peek() == UInt8(ascii: " ") else { return ResponseText(text: "") }
        position += 1
        return try parseResponseText()
    }
}
