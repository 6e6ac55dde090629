/// `msg-att` items of a FETCH response.
extension ResponseParser {
    /// A body value announced at the very end of a stream-prefix frame.
    struct StreamAnnouncement {
        var section: StreamedSection
        var byteCount: Int
    }

    /// Parses attributes until `)` (consumed) or, when `allowStreamAtEnd`, until a body item whose
    /// value is a literal header ending the frame (the literal itself is streamed separately).
    /// The opening `(` must already be consumed; continuation frames start with a space.
    mutating func parseFetchAttributes(isFirstItem: Bool, allowStreamAtEnd: Bool) throws
        -> ([FetchAttribute], StreamAnnouncement?)
    {
        var attributes: [FetchAttribute] = []
        // A list page's answer has eight items per message; grown from empty the array would be
        // allocated and copied four times (1, 2, 4, 8).
        attributes.reserveCapacity(8)
        var first = isFirstItem
        while true {
            if peek() == UInt8(ascii: ")") {
                position += 1
                return (attributes, nil)
            }
            if !first { try expectSpace() }
            first = false
            if peek() == UInt8(ascii: ")") { continue }  // tolerate a space before ")"
            switch try parseFetchAttribute(allowStreamAtEnd: allowStreamAtEnd) {
            case .attribute(let attribute): attributes.append(attribute)
            case .stream(let announcement): return (attributes, announcement)
            }
        }
    }

    private enum FetchItem {
        case attribute(FetchAttribute)
        case stream(StreamAnnouncement)
    }

    /// The FETCH item names this parser knows; anything else is skipped by syntax.
    private enum ItemName {
        case uid, flags, internalDate, rfc822Size, envelope, bodyStructure, modSeq, preview
        case body, bodyPeek, binary, binaryPeek, binarySize, rfc822, rfc822Header, rfc822Text
        case other(String)
    }

    /// Compared as bytes, case-insensitively, against names picked by length: every FETCH
    /// response repeats these names, and neither a String nor a slice of the answer (a retain
    /// and a release) nor a table in a lazily made global is paid for each.
    private mutating func parseFetchItemName() throws -> ItemName {
        let start = position
        while let byte = peek(), byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "["), byte != UInt8(ascii: "("),
            byte != UInt8(ascii: ")"), byte != UInt8(ascii: "{"), byte != UInt8(ascii: "\"")
        {
            position += 1
        }
        guard position > start else { throw error("FETCH item name expected") }
        func named(_ name: StaticString) -> Bool { ASCII.equalsIgnoringCase(bytes, start..<position, name) }
        let known: ItemName? =
            switch position - start {
            case 3: named("UID") ? .uid : nil
            case 4: named("BODY") ? .body : nil
            case 5: named("FLAGS") ? .flags : nil
            case 6: named("MODSEQ") ? .modSeq : named("BINARY") ? .binary : named("RFC822") ? .rfc822 : nil
            case 7: named("PREVIEW") ? .preview : nil
            case 8: named("ENVELOPE") ? .envelope : nil
            case 9: named("BODY.PEEK") ? .bodyPeek : nil
            case 11:
                named("RFC822.SIZE") ? .rfc822Size : named("BINARY.PEEK") ? .binaryPeek
                    : named("BINARY.SIZE") ? .binarySize : named("RFC822.TEXT") ? .rfc822Text : nil
            case 12: named("INTERNALDATE") ? .internalDate : nil
            case 13: named("BODYSTRUCTURE") ? .bodyStructure : named("RFC822.HEADER") ? .rfc822Header : nil
            default: nil
            }
        if let known { return known }
        return .other(String(decoding: bytes[start..<position].lazy.map(ASCII.uppercased), as: UTF8.self))
    }

    private mutating func parseFetchAttribute(allowStreamAtEnd: Bool) throws -> FetchItem {
        let name = try parseFetchItemName()
        switch name {
        case .uid:
            try expectSpace()
            return .attribute(.uid(try parseNumber()))
        case .flags:
            try expectSpace()
            return .attribute(.flags(try parseFlagList()))
        case .internalDate:
            try expectSpace()
            return .attribute(.internalDate(try parseInternalDate()))
        case .rfc822Size:
            try expectSpace()
            return .attribute(.rfc822Size(try parseNumber64()))
        case .envelope:
            try expectSpace()
            return .attribute(.envelope(try parseEnvelope()))
        case .bodyStructure:
            try expectSpace()
            return .attribute(.bodyStructure(try parseBody()))
        case .modSeq:
            try expectSpace()
            try expect("(")
            let value = try parseNumber64()
            try expect(")")
            return .attribute(.modSeq(value))
        case .preview:
            try expectSpace()
            return .attribute(.preview(data: try parseNString()))
        case .body, .bodyPeek:
            if peek() != UInt8(ascii: "[") {
                try expectSpace()
                return .attribute(.bodyStructure(try parseBody()))
            }
            let section = try parseSection()
            let origin = try parseOrigin()
            try expectSpace()
            if let count = try streamedLiteralAtEnd(allowed: allowStreamAtEnd) {
                return .stream(StreamAnnouncement(section: .body(section, origin: origin), byteCount: count))
            }
            return .attribute(.bodySection(section, origin: origin, data: try parseNString()))
        case .binary, .binaryPeek:
            let part = try parseBinaryPart()
            let origin = try parseOrigin()
            try expectSpace()
            if let count = try streamedLiteralAtEnd(allowed: allowStreamAtEnd) {
                return .stream(StreamAnnouncement(section: .binary(part: part, origin: origin), byteCount: count))
            }
            return .attribute(.binary(part: part, origin: origin, data: try parseNString()))
        case .binarySize:
            let part = try parseBinaryPart()
            try expectSpace()
            return .attribute(.binarySize(part: part, size: try parseNumber64()))
        case .rfc822, .rfc822Header, .rfc822Text:
            try expectSpace()
            let streamed: StreamedSection
            switch name {
            case .rfc822: streamed = .rfc822
            case .rfc822Header: streamed = .rfc822Header
            default: streamed = .rfc822Text
            }
            if let count = try streamedLiteralAtEnd(allowed: allowStreamAtEnd) {
                return .stream(StreamAnnouncement(section: streamed, byteCount: count))
            }
            let data = try parseNString()
            switch streamed {
            case .rfc822: return .attribute(.rfc822(data: data))
            case .rfc822Header: return .attribute(.rfc822Header(data: data))
            default: return .attribute(.rfc822Text(data: data))
            }
        case .other(let name):
            // Unknown items are skipped by syntax so that a newer server never breaks the client.
            if peek() == UInt8(ascii: "[") {
                while let byte = peek(), byte != UInt8(ascii: "]") {
                    guard byte != UInt8(ascii: "\n") else { throw error("unterminated section") }
                    position += 1
                }
                position += 1
            }
            try expectSpace()
            try skipValue()
            return .attribute(.other(name: name))
        }
    }

    /// If a literal header is next and ends the frame, consumes it and returns its length.
    private mutating func streamedLiteralAtEnd(allowed: Bool) throws -> Int? {
        guard allowed, isAtLiteral else { return nil }
        let saved = position
        let length = try parseLiteralHeader()
        if isAtEnd { return length }
        position = saved
        return nil
    }

    /// `"[" [section-spec] "]"`
    mutating func parseSection() throws -> SectionSpecifier {
        try expect("[")
        var part: [Int] = []
        var kind = SectionSpecifier.Kind.complete
        while let byte = peek(), ASCII.isDigit(byte) {
            let number = try parseNumber()
            guard number > 0, number < 1_000_000 else { throw error("bad part number") }
            part.append(Int(number))
            guard peek() == UInt8(ascii: ".") else { break }
            position += 1
        }
        if peek() != UInt8(ascii: "]") {
            let word = try parseFetchSectionWord()
            switch word {
            case "HEADER": kind = .header
            case "TEXT": kind = .text
            case "MIME": kind = .mime
            case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
                try expectSpace()
                try expect("(")
                var names: [String] = []
                skipSpace()
                while peek() != UInt8(ascii: ")") {
                    names.append(String(decoding: try parseAString(), as: UTF8.self))
                    if !skipSpace() { break }
                }
                try expect(")")
                kind = word == "HEADER.FIELDS" ? .headerFields(names) : .headerFieldsNot(names)
            default:
                throw error("unknown section \(word)")
            }
        }
        try expect("]")
        return SectionSpecifier(part: part, kind: kind)
    }

    private mutating func parseFetchSectionWord() throws -> String {
        let start = position
        while let byte = peek(), (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: ".")
        {
            position += 1
        }
        guard position > start else { throw error("section text expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self).uppercased()
    }

    /// `"[" [section-part] "]"` of BINARY.
    private mutating func parseBinaryPart() throws -> [Int] {
        try expect("[")
        var part: [Int] = []
        while let byte = peek(), ASCII.isDigit(byte) {
            let number = try parseNumber()
            guard number < 1_000_000 else { throw error("bad part number") }
            part.append(Int(number))
            guard peek() == UInt8(ascii: ".") else { break }
            position += 1
        }
        try expect("]")
        return part
    }

    /// `["<" number ">"]`
    private mutating func parseOrigin() throws -> UInt32? {
        guard peek() == UInt8(ascii: "<") else { return nil }
        position += 1
        let origin = try parseNumber()
        try expect(">")
        return origin
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`
    mutating func parseInternalDate() throws -> InternalDate {
        let text = try parseQuoted()
        guard let date = Self.internalDate(text) else { throw error("bad date-time") }
        return date
    }

    static func internalDate(_ text: [UInt8]) -> InternalDate? {
        text.withUnsafeBufferPointer { internalDate($0) }
    }

    static func internalDate(_ text: UnsafeBufferPointer<UInt8>) -> InternalDate? {
        // " 5-Nov-2026 01:02:03 +0900" or "05-Nov-2026 01:02:03 +0900", read in place: one
        // of these comes with every message of a list page.
        var index = 0
        while index < text.count, text[index] == UInt8(ascii: " ") { index += 1 }
        func number(_ length: ClosedRange<Int>) -> Int? {
            var value = 0
            var digits = 0
            while index < text.count, ASCII.isDigit(text[index]) {
                guard digits < length.upperBound else { return nil }
                value = value * 10 + Int(text[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return length.contains(digits) ? value : nil
        }
        func take(_ character: Unicode.Scalar) -> Bool {
            guard index < text.count, text[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        guard let day = number(1...2), (1...31).contains(day), take("-"), let month = InternalDate.month(named: text, at: index)
        else { return nil }
        index += 3
        guard take("-"), let year = number(4...4), take(" "),
            let hour = number(1...2), (0...23).contains(hour), take(":"),
            let minute = number(1...2), (0...59).contains(minute), take(":"),
            let second = number(1...2), (0...60).contains(second), take(" "),
            index + 5 == text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")
        else { return nil }
        let sign = text[index]
        index += 1
        guard let zone = number(4...4) else { return nil }
        let offset = (zone / 100 * 60 + zone % 100) * (sign == UInt8(ascii: "-") ? -1 : 1)
        return InternalDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, zoneMinutes: offset)
    }
}
