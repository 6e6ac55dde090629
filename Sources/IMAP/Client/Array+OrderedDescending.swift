extension RandomAccessCollection {
    /// The elements ordered by a descending key, moving each element once.
    ///
    /// `sorted(by:)` on an array of large values (a message summary holds an envelope and a body
    /// structure) copies and retains them at every comparison step; sorting the indices by the
    /// key and gathering once costs a fraction of that. FETCH answers usually arrive in
    /// ascending order already, which is recognised and simply reversed.
    func orderedDescending<Key: Comparable>(by key: (Element) -> Key) -> [Element] {
        let elements = Array(self)
        let keys = elements.map(key)
        if keys.indices.dropFirst().allSatisfy({ keys[$0 - 1] <= keys[$0] }) { return elements.reversed() }
        return keys.indices.sorted { keys[$0] > keys[$1] }.map { elements[$0] }
    }
}
