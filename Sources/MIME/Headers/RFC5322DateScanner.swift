/// The well-formed RFC 5322 date-time, read byte by byte without building a single string:
/// `[Wed, ]25 Nov 2026 10:12:29 +0900`, optionally followed by a comment such as `(KST)`.
///
/// Almost every Date header (and every IMAP ENVELOPE date from a modern mailer) has this form,
/// and a message list decodes fifty or more of them per page, so they skip `MailDate`'s general
/// token-based reader, which handles the broken forms. Anything this scanner does not recognise
/// returns nil and goes to the general reader, so the result is always the same as its.
struct RFC5322DateScanner {
    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Seconds since 1970, or nil when `text` is not in the strict form.
    static func secondsSince1970(_ text: String) -> Int? {
        secondsSince1970(text.utf8)
    }

    /// The same for the bytes of a header value.
    static func secondsSince1970<Bytes: Collection>(_ bytes: Bytes) -> Int? where Bytes.Element == UInt8 {
        var scanner = RFC5322DateScanner(Array(bytes))
        return scanner.scan()
    }

    private mutating func scan() -> Int? {
        skipSpaces()
        if let first = peek(), isLetter(first) {
            // Day name and a comma; which day it names is not checked (the date decides).
            guard position + 4 <= bytes.count, bytes[position + 3] == ASCII.comma,
                  Self.weekdayKeys.contains(key(at: position)) else { return nil }
            position += 4
            skipSpaces()
        }
        guard let day = digits(1...2), (1...31).contains(day), skipSpaces() else { return nil }
        guard let month = monthNumber(), skipSpaces() else { return nil }
        guard let year = digits(4...4), (1000...9999).contains(year), skipSpaces() else { return nil }
        guard let hour = digits(2...2), hour <= 23, take(ASCII.colon),
              let minute = digits(2...2), minute <= 59 else { return nil }
        var second = 0
        if take(ASCII.colon) {
            guard let value = digits(2...2), value <= 60 else { return nil }
            second = value
        }
        guard skipSpaces(), let offset = numericZone() else { return nil }
        skipSpaces()
        if peek() == ASCII.openParen {
            // One trailing comment, e.g. "(KST)" — the numeric zone has already decided.
            guard let close = bytes[position...].firstIndex(of: ASCII.closeParen),
                  !bytes[position + 1..<close].contains(ASCII.openParen) else { return nil }
            position = close + 1
            skipSpaces()
        }
        guard position == bytes.count else { return nil }
        let days = MailDate.daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Skips spaces and tabs; true when at least one was there.
    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = position
        while let byte = peek(), byte == ASCII.space || byte == ASCII.tab { position += 1 }
        return position > start
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// A run of decimal digits whose length is in `count`; the run must not go on beyond it.
    private mutating func digits(_ count: ClosedRange<Int>) -> Int? {
        var value = 0
        var length = 0
        while let byte = peek(), byte >= 0x30, byte <= 0x39 {
            guard length < count.upperBound else { return nil }
            value = value * 10 + Int(byte - 0x30)
            length += 1
            position += 1
        }
        return count.contains(length) ? value : nil
    }

    /// Exactly three letters naming a month, any case.
    private mutating func monthNumber() -> Int? {
        guard position + 3 <= bytes.count, let index = Self.monthKeys.firstIndex(of: key(at: position)) else { return nil }
        position += 3
        if let next = peek(), isLetter(next) { return nil }  // "March", "Sept": the general reader's job
        return index + 1
    }

    /// Three bytes at `index`, lowercased, packed into one number for comparison with the keys below.
    private func key(at index: Int) -> UInt32 {
        (UInt32(ASCII.lowercased(bytes[index])) << 16) | (UInt32(ASCII.lowercased(bytes[index + 1])) << 8)
            | UInt32(ASCII.lowercased(bytes[index + 2]))
    }

    private static func keys(_ names: [String]) -> [UInt32] {
        names.map { name in name.utf8.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) } }
    }

    private static let monthKeys = keys(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
    private static let weekdayKeys = keys(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])

    /// `+0900` / `-0500`: offset in seconds.
    private mutating func numericZone() -> Int? {
        guard let sign = peek(), sign == UInt8(ascii: "+") || sign == ASCII.hyphen else { return nil }
        position += 1
        guard let value = digits(4...4) else { return nil }
        let hours = value / 100, minutes = value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == ASCII.hyphen ? -seconds : seconds
    }
}
