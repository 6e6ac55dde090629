import Foundation

/// What the writer of a draft typed in To, Cc or Bcc that is not an address (`홍길동`, `kim@`):
/// a draft keeps it, so that reopening the draft gives back what was typed (issue 25, bug 8),
/// and a message to be sent never has any (``MessageBuilder`` refuses it, naming the piece).
///
/// A draft stores each piece in a header of its own, `X-Zioinfo-Unparsed-To: kim@` (`-Cc`,
/// `-Bcc`), unstructured text (RFC 2047 encoded where not ASCII): the address fields stay valid
/// for every other reader, and no piece can be mistaken for an address.
public struct UnparsedRecipients: Sendable, Equatable, Codable {
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]

    public init(to: [String] = [], cc: [String] = [], bcc: [String] = []) {
        self.to = to
        self.cc = cc
        self.bcc = bcc
    }

    enum CodingKeys: String, CodingKey { case to, cc, bcc }

    /// Each list may be left out (`{"to": ["kim@"]}`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        to = try container.decodeIfPresent([String].self, forKey: .to) ?? []
        cc = try container.decodeIfPresent([String].self, forKey: .cc) ?? []
        bcc = try container.decodeIfPresent([String].self, forKey: .bcc) ?? []
    }

    public var isEmpty: Bool { to.isEmpty && cc.isEmpty && bcc.isEmpty }

    /// Every piece with the header field it is stored in.
    var fields: [(header: String, piece: String)] {
        [("To", to), ("Cc", cc), ("Bcc", bcc)].flatMap { field, pieces in pieces.map { (Self.headerPrefix + field, $0) } }
    }

    static let headerPrefix = "X-Zioinfo-Unparsed-"

    /// A piece fits one folded header comfortably; longer is not something a person typed.
    static let maxPieceLength = 500

    public init(header: MIMEHeader) {
        func pieces(_ field: String) -> [String] {
            header.values(Self.headerPrefix + field).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        self.init(to: pieces("To"), cc: pieces("Cc"), bcc: pieces("Bcc"))
    }
}

extension MIMEMessage {
    /// The unparsable recipients a draft kept (empty for any other message).
    public var unparsedRecipients: UnparsedRecipients { UnparsedRecipients(header: header) }
}
