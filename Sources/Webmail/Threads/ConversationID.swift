/// A conversation's id in the API: `<UIDVALIDITY>-<first UID>`, both base 36 (`"l2x9k0-1ks"`).
///
/// The first (lowest) UID is the conversation's oldest message in this folder; new mail always
/// gets a higher UID, so the id stays the same while the conversation grows, and the
/// UIDVALIDITY makes an id from before a folder was rebuilt fail as not found instead of
/// naming someone else's messages.
struct ConversationID: Hashable, Sendable, CustomStringConvertible {
    var uidValidity: UInt32
    var firstUID: UInt32

    init(uidValidity: UInt32, firstUID: UInt32) {
        self.uidValidity = uidValidity
        self.firstUID = firstUID
    }

    /// Parses an id; nil for anything else (at most 7 base-36 digits a part: UInt32 fits in 7).
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...7).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let validity = UInt32(parts[0].lowercased(), radix: 36), let uid = UInt32(parts[1].lowercased(), radix: 36), uid > 0
        else { return nil }
        self.init(uidValidity: validity, firstUID: uid)
    }

    var description: String { String(uidValidity, radix: 36) + "-" + String(firstUID, radix: 36) }
}
