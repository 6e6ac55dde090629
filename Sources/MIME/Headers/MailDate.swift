import Foundation

/// Parses the Date header: RFC 5322 dates and the broken forms seen in real mail (no weekday,
/// two-digit years, named or missing zones, `+09:00`, missing seconds, asctime order, ISO 8601,
/// `(KST)` comments). Anything unreadable gives nil, never a crash.
public enum MailDate {
    /// RFC 5322 date-time (`Wed, 25 Nov 2026 10:12:29 +0900`) in `timeZone`.
    public static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        MailDateFormatter.format(date, timeZone: timeZone)
    }

    /// ISO 8601 in UTC to the second (`2026-11-25T01:12:29Z`), for JSON.
    public static func formatISO8601(_ date: Date) -> String {
        MailDateFormatter.iso8601(date)
    }

    /// `body` with the bytes of ``formatISO8601(_:)``, formatted on the stack.
    public static func withISO8601<Result>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try MailDateFormatter.withISO8601(date, body)
    }

    /// ``parse(_:)`` for the raw bytes of a header value (an IMAP ENVELOPE date): the strict
    /// form is read from the bytes without building a String; anything else is read as its
    /// UTF-8 text (invalid bytes replaced), exactly as `parse(String(decoding:as:))` would.
    public static func parse(bytes: ArraySlice<UInt8>) -> Date? {
        if bytes.count <= 256, ASCII.isAllASCII(bytes), let seconds = RFC5322DateScanner.secondsSince1970(bytes) {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ value: String) -> Date? {
        // A date is short; anything long is not one (and must not cost time).
        guard value.utf8.count <= 256 else { return nil }
        if let seconds = RFC5322DateScanner.secondsSince1970(value) {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return parseGeneral(value)
    }

    /// Every form `parse` accepts, token by token; the strict form takes the fast path above.
    static func parseGeneral(_ value: String) -> Date? {
        // Remove comments such as "(KST)" or "(GMT+09:00)".
        var text = ""
        var depth = 0
        for character in value {
            if character == "(" { depth += 1; continue }
            if character == ")", depth > 0 { depth -= 1; continue }
            if depth == 0 { text.append(character) }
        }
        if let iso = parseISO8601(text) { return iso }
        let separators: Set<Character> = [" ", "\t", ",", "\r", "\n"]
        let tokens = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0, sawTime = false
        var offset: Int?
        var numbers: [Int] = []
        for token in tokens {
            let lower = token.lowercased()
            if let monthNumber = monthNames[String(lower.prefix(3))], lower.first?.isLetter == true, lower.count <= 9 {
                if month == nil { month = monthNumber; continue }
            }
            if weekdays.contains(String(lower.prefix(3))), lower.first?.isLetter == true { continue }
            if !sawTime, token.contains(":"), token.first?.isNumber == true {
                let parts = token.split(separator: ":")
                guard parts.count >= 2, parts.count <= 3,
                      let h = Int(parts[0]), let m = Int(parts[1].prefix(2)) else { return nil }
                hour = h; minute = m
                if parts.count == 3 { second = Int(parts[2].prefix(2)) ?? 0 }
                sawTime = true
                continue
            }
            if let zone = parseZone(token) {
                if offset == nil { offset = zone }
                continue
            }
            if let number = Int(token) {
                numbers.append(number)
                continue
            }
            // "25-Nov-2026" style.
            let dashed = token.split(separator: "-")
            if dashed.count == 3, let d = Int(dashed[0]), let m = monthNames[String(dashed[1].lowercased().prefix(3))],
               let y = Int(dashed[2]) {
                day = d; month = m; year = y
            }
        }
        for number in numbers {
            if day == nil, number >= 1, number <= 31, !(year == nil && number > 31) { day = number; continue }
            if year == nil { year = number; continue }
        }
        guard let day, let month, var year else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (1000...9999).contains(year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - (offset ?? 0)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
        "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "kst": 9, "jst": 9, "cet": 1, "cest": 2,
        "bst": 1, "ist": 5,
    ]

    /// Zone offset in seconds: `+0900`, `-05:00`, `GMT`, `KST`, `GMT+9`.
    private static func parseZone(_ token: String) -> Int? {
        var text = token.lowercased()
        if let named = namedZones[text] { return named * 3600 }
        for prefix in ["gmt", "utc", "ut"] where text.hasPrefix(prefix) && text.count > prefix.count {
            text.removeFirst(prefix.count)
            break
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let hours = digits.count <= 2 ? value : value / 100
        let minutes = digits.count <= 2 ? 0 : value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == "-" ? -total : total
    }

    /// `2026-11-25T10:00:00+09:00`, `2026-11-25 10:00:00`.
    private static func parseISO8601(_ text: String) -> Date? {
        let trimmed = text.trimmingASCIIWhitespace
        let bytes = Array(trimmed.utf8)
        guard bytes.count >= 10, bytes[4] == ASCII.hyphen, bytes[7] == ASCII.hyphen,
              let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
              let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)),
              let day = Int(String(decoding: bytes[8..<10], as: UTF8.self)),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var rest = bytes.count > 10 ? String(decoding: bytes[11...], as: UTF8.self) : ""
        var offset = 0
        if let zoneStart = rest.lastIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" || $0 == "z" }) {
            let zone = String(rest[zoneStart...])
            offset = zone.lowercased() == "z" ? 0 : (parseZone(zone) ?? 0)
            rest = String(rest[..<zoneStart])
        }
        let timeParts = rest.split(separator: ":")
        if timeParts.count >= 2 {
            hour = Int(timeParts[0]) ?? 0
            minute = Int(timeParts[1]) ?? 0
            if timeParts.count > 2 { second = Int(timeParts[2].prefix(2)) ?? 0 }
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
