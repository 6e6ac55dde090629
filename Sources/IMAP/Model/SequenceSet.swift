/// One end of a sequence range: a number, or `*` (the largest number in use).
public enum SequenceBound: Hashable, Sendable {
    case number(UInt32)
    case last
}

/// A range `a:b` (or a single number when both ends are equal) of message sequence numbers or UIDs.
public struct SequenceRange: Hashable, Sendable {
    public var first: SequenceBound
    public var last: SequenceBound

    public init(_ first: SequenceBound, _ last: SequenceBound) {
        self.first = first
        self.last = last
    }

    public init(_ number: UInt32) { self.init(.number(number), .number(number)) }

    public init(_ range: ClosedRange<UInt32>) {
        self.init(.number(range.lowerBound), .number(range.upperBound))
    }
}

/// A sequence set such as `1:5,7,9:*`, used both for message sequence numbers and for UIDs.
///
/// Responses (APPENDUID, COPYUID, ESEARCH ALL) deliver sets in this compact form; use
/// ``numbers(limit:)`` to expand a bounded number of them.
public struct SequenceSet: Hashable, Sendable, CustomStringConvertible {
    public var ranges: [SequenceRange]

    public init(_ ranges: [SequenceRange]) { self.ranges = ranges }

    /// A set of explicit numbers, compressed into ranges of consecutive values.
    public init<S: Sequence>(numbers: S) where S.Element == UInt32 {
        var sorted = Array(Set(numbers)).sorted()[...]
        var ranges: [SequenceRange] = []
        while let start = sorted.first {
            var end = start
            sorted = sorted.dropFirst()
            while let next = sorted.first, end < UInt32.max, next == end + 1 {
                end = next
                sorted = sorted.dropFirst()
            }
            ranges.append(SequenceRange(start...end))
        }
        self.ranges = ranges
    }

    /// `1:*`
    public static let all = SequenceSet([SequenceRange(.number(1), .last)])

    public var isEmpty: Bool { ranges.isEmpty }

    /// Expands the set into numbers in the order given (ranges ascending), at most `limit` of them.
    /// `*` cannot be expanded and such ranges are skipped.
    public func numbers(limit: Int = 1_000_000) -> [UInt32] {
        var result: [UInt32] = []
        for range in ranges {
            guard case .number(let a) = range.first, case .number(let b) = range.last else { continue }
            let low = min(a, b), high = max(a, b)
            var value = low
            while result.count < limit {
                result.append(value)
                if value == high { break }
                value += 1
            }
            if result.count >= limit { break }
        }
        return result
    }

    public var description: String {
        ranges.map { range in
            func text(_ bound: SequenceBound) -> String {
                switch bound {
                case .number(let n): return String(n)
                case .last: return "*"
                }
            }
            return range.first == range.last ? text(range.first) : "\(text(range.first)):\(text(range.last))"
        }.joined(separator: ",")
    }
}
