/// `thread-data = "THREAD" [SP 1*thread-list]` (RFC 5256), parsed without recursion: nesting is
/// an explicit stack, so hostile input like ten thousand `(` costs memory in proportion to its
/// length (bounded by the frame limit), never the call stack.
extension ResponseParser {
    mutating func parseThreadData() throws -> [ThreadTree] {
        var threads: [ThreadTree] = []
        while true {
            _ = skipSpace()
            guard peek() == UInt8(ascii: "(") else { break }
            threads.append(try parseThreadList())
        }
        return threads
    }

    /// `thread-list = "(" (thread-members / thread-nested) ")"`;
    /// `thread-members = nz-number *(SP nz-number) [SP thread-nested]`; `thread-nested = 2*thread-list`.
    /// A single nested list is accepted too, as a lenient reader of servers that send `(1 (2))`.
    private mutating func parseThreadList() throws -> ThreadTree {
        /// An open list: where its first member attaches, its latest member, and whether a
        /// nested list was seen (after which only more nested lists may follow).
        struct Frame {
            var attach: Int?
            var last: Int?
            var nested = false
        }
        var nodes: [ThreadTree.Node] = []
        try expect("(")
        var stack = [Frame(attach: nil, last: nil)]
        while let top = stack.last {
            guard let byte = peek() else { throw error("thread list ends early") }
            switch byte {
            case UInt8(ascii: "("):
                position += 1
                if top.last == nil {
                    // A list that starts with lists: its members hang under a parent the
                    // mailbox does not have.
                    nodes.append(ThreadTree.Node(uid: nil, parent: top.attach))
                    stack[stack.count - 1].last = nodes.count - 1
                }
                stack[stack.count - 1].nested = true
                stack.append(Frame(attach: stack[stack.count - 1].last, last: nil))
            case UInt8(ascii: ")"):
                position += 1
                guard top.last != nil else { throw error("empty thread list") }
                stack.removeLast()
            case UInt8(ascii: " "):
                position += 1
            default:
                guard !top.nested else { throw error("thread member after a nested list") }
                let uid = try parseNumber()
                guard uid > 0 else { throw error("thread member 0") }
                nodes.append(ThreadTree.Node(uid: uid, parent: top.last ?? top.attach))
                stack[stack.count - 1].last = nodes.count - 1
            }
        }
        return ThreadTree(nodes: nodes)
    }
}
