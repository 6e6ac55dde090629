/// A threading algorithm of `THREAD` (RFC 5256; REFS from draft-ietf-morg-inthread).
public enum ThreadAlgorithm: String, Hashable, Sendable, CaseIterable {
    /// Subject groups ordered by sent date: no parent/child links.
    case orderedSubject = "ORDEREDSUBJECT"
    /// References / In-Reply-To links, then threads with the same base subject merged.
    case references = "REFERENCES"
    /// References links only (Dovecot: no subject merging), threads by their latest message.
    case refs = "REFS"

    /// The capability a server advertises for this algorithm, e.g. `THREAD=REFERENCES`.
    public var capability: Capability { Capability("THREAD=\(rawValue)") }
}

/// One thread of an untagged `THREAD` response, e.g. `(1 2 (3)(4 5))`, kept flat: a node list in
/// the server's (depth-first) order, each node naming its parent's index. Flat, so a chain of
/// 100,000 replies costs no recursion anywhere (parsing, hashing, freeing).
public struct ThreadTree: Hashable, Sendable {
    public struct Node: Hashable, Sendable {
        /// The message; nil for a placeholder parent the server knows only by reference
        /// (`((3)(5))`: two siblings whose common parent is not in the mailbox).
        public var uid: UInt32?
        /// The index in ``nodes`` of the parent; nil for the root.
        public var parent: Int?

        public init(uid: UInt32?, parent: Int?) {
            self.uid = uid
            self.parent = parent
        }
    }

    public var nodes: [Node]

    public init(nodes: [Node]) { self.nodes = nodes }

    /// The thread's messages in the server's order (placeholders left out).
    public var uids: [UInt32] { nodes.compactMap(\.uid) }
}

extension Set where Element == Capability {
    /// The THREAD algorithms the server offers (`THREAD=…`).
    public var threadAlgorithms: Set<ThreadAlgorithm> {
        Set<ThreadAlgorithm>(ThreadAlgorithm.allCases.filter { contains($0.capability) })
    }
}
