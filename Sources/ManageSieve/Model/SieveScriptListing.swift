/// One line of LISTSCRIPTS: a script's name and whether it is the active one.
public struct SieveScriptListing: Hashable, Sendable {
    public var name: String
    public var isActive: Bool

    public init(name: String, isActive: Bool) {
        self.name = name
        self.isActive = isActive
    }
}
