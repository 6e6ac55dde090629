/// A first-in-first-out buffer over an array: taking from the front moves an index instead of
/// shifting the elements, and the storage is reused once everything was taken.
struct FIFOBuffer<Element> {
    /// Taken slots hold nil: the element is moved out, not copied and released later.
    private var elements: [Element?] = []
    private var head = 0

    var count: Int { elements.count - head }
    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) { elements.append(element) }

    /// Whether an element not yet taken satisfies `predicate`.
    func contains(where predicate: (Element) -> Bool) -> Bool {
        elements[head...].contains { $0.map(predicate) ?? false }
    }

    /// Replaces whatever is left with `newElements`.
    mutating func replace(with newElements: [Element]) {
        elements = newElements
        head = 0
    }

    /// The first element; the buffer must not be empty.
    mutating func removeFirst() -> Element {
        let element = elements[head].take()!
        head += 1
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        }
        return element
    }
}
