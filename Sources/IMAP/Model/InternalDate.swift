import Foundation

/// A server timestamp as in INTERNALDATE (`"25-Nov-2026 01:14:00 +0900"`), with its own zone.
public struct InternalDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Offset from UTC in minutes (`+0900` is 540).
    public var zoneMinutes: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zoneMinutes: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zoneMinutes = zoneMinutes
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The month (1–12) that the three bytes at `index` name, in any case. Compared as one
    /// number: every message of a list page has an INTERNALDATE, and a search through the
    /// names compared letter by letter took a dozen comparisons for December.
    static func month(named bytes: [UInt8], at index: Int) -> Int? {
        bytes.withUnsafeBufferPointer { month(named: $0, at: index) }
    }

    static func month(named bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index >= 0, index + 3 <= bytes.count else { return nil }
        let key = UInt32(ASCII.lowercased(bytes[index])) << 16 | UInt32(ASCII.lowercased(bytes[index + 1])) << 8
            | UInt32(ASCII.lowercased(bytes[index + 2]))
        return monthKeys.firstIndex(of: key).map { $0 + 1 }
    }

    private static let monthKeys: [UInt32] = monthNames.map { name in
        name.lowercased().utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The instant in time this timestamp denotes.
    public var date: Date {
        Date(timeIntervalSince1970: TimeInterval(secondsSince1970))
    }

    /// Seconds since 1970-01-01T00:00:00Z, computed without calendars (days-from-civil).
    public var secondsSince1970: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second) - Int64(zoneMinutes) * 60
    }

    /// The IMAP wire form, `dd-Mon-yyyy hh:mm:ss +zzzz`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let monthName = (1...12).contains(month) ? Self.monthNames[month - 1] : "Jan"
        let sign = zoneMinutes < 0 ? "-" : "+"
        let zone = abs(zoneMinutes)
        return "\(two(day))-\(monthName)-\(year) \(two(hour)):\(two(minute)):\(two(second)) \(sign)\(two(zone / 60))\(two(zone % 60))"
    }

    /// The timestamp of `date` expressed in UTC.
    public init(_ date: Date) {
        let total = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var secondsOfDay = total % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        // civil-from-days
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        self.init(
            year: Int(y), month: Int(m), day: Int(d), hour: Int(secondsOfDay / 3_600),
            minute: Int(secondsOfDay % 3_600 / 60), second: Int(secondsOfDay % 60), zoneMinutes: 0)
    }
}
