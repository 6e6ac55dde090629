import Foundation

/// RFC 5322 date-time for the Date header: `Wed, 25 Nov 2026 10:12:29 +0900`.
enum MailDateFormatter {
    static func format(_ date: Date, timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = offset < 0 ? "-" : "+"
        let zone = abs(offset) / 60
        return "\(weekday), \(day) \(months[month - 1]) \(year) \(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) \(sign)\(two(zone / 60))\(two(zone % 60))"
    }

    /// `2026-11-25T01:12:29Z`: the date in UTC, fractions of a second dropped.
    static func iso8601(_ date: Date) -> String {
        withISO8601(date) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` with that text as bytes, put in a buffer on the stack: the message list writes one
    /// date per item, with no String or array per field.
    static func withISO8601<Result>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        if seconds % 86_400 < 0 { days -= 1 }  // floor, for dates before 1970
        let secondsOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { text in
            // `-MM-DDTHH:MM:SSZ` after the four digits of the year.
            text[4] = UInt8(ascii: "-")
            put(month, at: 5, in: text)
            text[7] = UInt8(ascii: "-")
            put(day, at: 8, in: text)
            text[10] = UInt8(ascii: "T")
            put(secondsOfDay / 3600, at: 11, in: text)
            text[13] = UInt8(ascii: ":")
            put(secondsOfDay / 60 % 60, at: 14, in: text)
            text[16] = UInt8(ascii: ":")
            put(secondsOfDay % 60, at: 17, in: text)
            text[19] = UInt8(ascii: "Z")
            if (0...9999).contains(year) {
                put(year / 100, at: 0, in: text)
                put(year % 100, at: 2, in: text)
                return try body(UnsafeBufferPointer(text))
            }
            let whole = Array(String(year).utf8) + UnsafeBufferPointer(rebasing: text[4...])
            return try whole.withUnsafeBufferPointer(body)
        }
    }

    /// Two decimal digits of `value` (0–99) at `index`.
    @inline(__always)
    private static func put(_ value: Int, at index: Int, in text: UnsafeMutableBufferPointer<UInt8>) {
        text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        text[index + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Inverse of `MailDate.daysFromCivil` (H. Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
