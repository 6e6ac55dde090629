import IMAP
import Testing

/// Untagged THREAD (RFC 5256): nested lists become flat trees; bad input is rejected, never a
/// crash. Every case is decoded whole and under every chunking (``DecoderHarness``).
@Suite struct ThreadParserTests {
    typealias Node = ThreadTree.Node

    static func thread(_ trees: [[Node]]) -> ResponseEvent { untagged(.thread(trees.map(ThreadTree.init(nodes:)))) }
    static func node(_ uid: UInt32?, _ parent: Int?) -> Node { Node(uid: uid, parent: parent) }

    static let cases: [ParserCase] = [
        ParserCase("empty", "* THREAD\r\n", [thread([])]),
        ParserCase("empty with space", "* THREAD \r\n", [thread([])]),
        ParserCase("singletons", "* THREAD (2)(3)\r\n", [thread([[node(2, nil)], [node(3, nil)]])]),
        ParserCase("chain", "* THREAD (1 2 3)\r\n", [thread([[node(1, nil), node(2, 0), node(3, 1)]])]),
        // RFC 5256: 3 then 6, under 6 two branches (4 23) and (44 7 96).
        ParserCase("RFC 5256 example", "* THREAD (2)(3 6 (4 23)(44 7 96))\r\n", [thread([
            [node(2, nil)],
            [node(3, nil), node(6, 0), node(4, 1), node(23, 2), node(44, 1), node(7, 4), node(96, 5)],
        ])]),
        ParserCase("branch at the root", "* THREAD (1 (2)(3 4))\r\n",
            [thread([[node(1, nil), node(2, 0), node(3, 0), node(4, 2)]])]),
        ParserCase("missing parent", "* THREAD ((3)(5))\r\n", [thread([[node(nil, nil), node(3, 0), node(5, 0)]])]),
        ParserCase("missing parent deeper", "* THREAD (1 ((2)(3)))\r\n",
            [thread([[node(1, nil), node(nil, 0), node(2, 1), node(3, 1)]])]),
        ParserCase("one nested list (lenient)", "* THREAD (1 (2))\r\n", [thread([[node(1, nil), node(2, 0)]])]),
        ParserCase("spaces between lists", "* THREAD (1) (2)\r\n", [thread([[node(1, nil)], [node(2, nil)]])]),
        ParserCase("lower-case keyword", "* thread (7)\r\n", [thread([[node(7, nil)]])]),
        ParserCase("then a tagged OK", "* THREAD (1 2)\r\na1 OK Thread completed\r\n",
            [thread([[node(1, nil), node(2, 0)]]), tagged("a1", .ok, "Thread completed")]),
        ParserCase("empty list", "* THREAD ()\r\n", nil),
        ParserCase("empty nested list", "* THREAD (1 ())\r\n", nil),
        ParserCase("member after nested", "* THREAD (1 (2)(3) 4)\r\n", nil),
        ParserCase("unclosed", "* THREAD (1 2\r\n", nil),
        ParserCase("too many closes", "* THREAD (1))\r\n", nil),
        ParserCase("zero", "* THREAD (0)\r\n", nil),
        ParserCase("not a number", "* THREAD (a)\r\n", nil),
        ParserCase("deep nesting rejected, not a stack overflow", "* THREAD " + String(repeating: "(", count: 2_000) + "\r\n", nil),
    ]

    @Test(arguments: cases) func decodes(_ testCase: ParserCase) { testCase.run() }

    @Test func deepBalancedNestingIsFlat() {
        // 5,000 levels of branching: parsed by the explicit stack, not by recursion.
        let depth = 5_000
        var text = "* THREAD (1"
        for level in 2...depth { text += " (\(level))(\(level + depth)" }
        text += String(repeating: ")", count: depth - 1) + ")\r\n"
        var decoder = ResponseDecoder()
        let events = try? decoder.decode(Array(text.utf8))
        guard case .response(.untagged(.thread(let trees)))? = events?.first else {
            Issue.record("no THREAD decoded")
            return
        }
        #expect(trees.count == 1)
        #expect(trees[0].nodes.count == 2 * depth - 1)
    }

    @Test func capabilityNamesTheAlgorithms() {
        let offered: Set<Capability> = [Capability("THREAD=REFERENCES"), Capability("thread=refs"), .sort]
        #expect(offered.threadAlgorithms == [.references, .refs])
        #expect(ThreadAlgorithm.orderedSubject.capability == Capability("THREAD=ORDEREDSUBJECT"))
    }
}
