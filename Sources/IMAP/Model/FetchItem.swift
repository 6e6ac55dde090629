/// A data item to ask for in FETCH.
public enum FetchItem: Hashable, Sendable {
    case uid
    case flags
    case internalDate
    case rfc822Size
    case envelope
    case bodyStructure
    case modSeq
    /// `BODY[section]<start.count>`; `peek` (the default) leaves `\Seen` alone.
    case bodySection(SectionSpecifier, partial: ClosedRange<UInt32>? = nil, peek: Bool = true)
    /// `BINARY[part]` (RFC 3516): the server removes the content transfer encoding.
    case binary(part: [Int], peek: Bool = true)
    case binarySize(part: [Int])
    /// `PREVIEW` (RFC 8970; only when the server advertises the capability). `lazy` lets the
    /// server answer NIL instead of computing a preview it has not cached.
    case preview(lazy: Bool = false)

    /// What the message list needs: `UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE`.
    public static let summary: [FetchItem] = [.uid, .flags, .internalDate, .rfc822Size, .envelope, .bodyStructure]

    func write(to writer: inout CommandWriter) throws {
        switch self {
        case .uid: writer.raw("UID")
        case .flags: writer.raw("FLAGS")
        case .internalDate: writer.raw("INTERNALDATE")
        case .rfc822Size: writer.raw("RFC822.SIZE")
        case .envelope: writer.raw("ENVELOPE")
        case .bodyStructure: writer.raw("BODYSTRUCTURE")
        case .modSeq: writer.raw("MODSEQ")
        case .preview(let lazy): writer.raw(lazy ? "PREVIEW (LAZY)" : "PREVIEW")
        case .bodySection(let section, let partial, let peek):
            writer.raw(peek ? "BODY.PEEK[" : "BODY[")
            try section.write(to: &writer)
            writer.raw("]")
            if let partial {
                writer.raw("<\(partial.lowerBound).\(UInt64(partial.upperBound) - UInt64(partial.lowerBound) + 1)>")
            }
        case .binary(let part, let peek):
            writer.raw(peek ? "BINARY.PEEK[" : "BINARY[")
            writer.raw(part.map(String.init).joined(separator: "."))
            writer.raw("]")
        case .binarySize(let part):
            writer.raw("BINARY.SIZE[")
            writer.raw(part.map(String.init).joined(separator: "."))
            writer.raw("]")
        }
    }
}

extension SectionSpecifier {
    func write(to writer: inout CommandWriter) throws {
        guard part.allSatisfy({ $0 > 0 }) else { throw IMAPCommandError.invalidAtom(field: "part number") }
        var pieces = part.map(String.init)
        var fieldNames: [String]? = nil
        switch kind {
        case .complete: break
        case .header: pieces.append("HEADER")
        case .text: pieces.append("TEXT")
        case .mime:
            guard !part.isEmpty else { throw IMAPCommandError.invalidAtom(field: "MIME section without a part") }
            pieces.append("MIME")
        case .headerFields(let names):
            pieces.append("HEADER.FIELDS")
            fieldNames = names
        case .headerFieldsNot(let names):
            pieces.append("HEADER.FIELDS.NOT")
            fieldNames = names
        }
        writer.raw(pieces.joined(separator: "."))
        guard let fieldNames else { return }
        guard !fieldNames.isEmpty else { throw IMAPCommandError.emptyValue(field: "header field names") }
        writer.raw(" (")
        for (index, name) in fieldNames.enumerated() {
            if index > 0 { writer.space() }
            try writer.atom(name, field: "header field name")
        }
        writer.raw(")")
    }
}
