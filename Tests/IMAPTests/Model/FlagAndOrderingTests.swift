import Testing
@testable import IMAP

/// Value semantics the message list relies on: flags compare and hash ignoring case, and the
/// page ordering helper returns newest first whatever order the server answered in.
@Suite struct FlagAndOrderingTests {
    @Test func flagsIgnoreCaseInEqualityAndHashing() {
        #expect(Flag("\\SEEN") == .seen)
        #expect(Flag("$forwarded") == Flag("$Forwarded"))
        #expect(Flag("\\Seen") != Flag("\\Seen2"))
        #expect(Flag("\\Seen") != .flagged)
        #expect(Flag("\\Deleted") != .flagged)  // the same length
        #expect(Flag("\\fLAGGED") == .flagged)
        let set: Set<Flag> = [Flag("\\seen"), Flag("\\FLAGGED"), Flag("$Label1")]
        #expect(set.contains(.seen))
        #expect(set.contains(.flagged))
        #expect(set.contains(Flag("$label1")))
        #expect(!set.contains(.draft))
        #expect(Set([Flag("\\Seen"), Flag("\\SEEN"), Flag("\\seen")]).count == 1)
    }

    @Test(arguments: [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
        [3, 1, 4, 1, 5, 9, 2, 6],
        [7],
        [],
        [2, 2, 1, 3],
    ])
    func orderedDescendingMatchesSorted(_ values: [Int]) {
        let ordered = values.orderedDescending(by: { $0 })
        #expect(ordered == values.sorted(by: >))
    }

    @Test func orderedDescendingKeepsWholeElements() {
        let pairs = [(uid: UInt32(10), name: "a"), (uid: 30, name: "c"), (uid: 20, name: "b")]
        #expect(pairs.orderedDescending(by: \.uid).map(\.name) == ["c", "b", "a"])
    }
}
