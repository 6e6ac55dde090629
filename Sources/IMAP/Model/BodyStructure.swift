/// The MIME structure of a message as the server reports it in BODYSTRUCTURE (or BODY).
///
/// Type, subtype and parameter names are lower-cased for easy matching; parameter values,
/// descriptions and the like are raw ``ByteString``s (RFC 2231 / RFC 2047 decoding is left
/// to the consumer). Use ``parts()`` to walk the leaf parts with their IMAP section numbers.
public indirect enum BodyStructure: Hashable, Sendable {
    case singlepart(SinglePart)
    case multipart(Multipart)

    /// A non-multipart body part.
    public struct SinglePart: Hashable, Sendable {
        /// Lower-cased media type, e.g. `text`, `image`, `message`.
        public var type: String
        /// Lower-cased subtype, e.g. `plain`, `jpeg`, `rfc822`.
        public var subtype: String
        /// Content-Type parameters; names lower-cased, values raw.
        public var parameters: [Parameter]
        public var id: ByteString?
        public var contentDescription: ByteString?
        /// Lower-cased Content-Transfer-Encoding, e.g. `base64`, `7bit`.
        public var encoding: String
        /// Size in bytes of the body in its transfer encoding.
        public var size: UInt64
        public var kind: Kind
        public var md5: ByteString?
        public var disposition: Disposition?
        public var language: [ByteString]
        public var location: ByteString?

        public init(
            type: String, subtype: String, parameters: [Parameter] = [], id: ByteString? = nil,
            contentDescription: ByteString? = nil, encoding: String = "7bit", size: UInt64 = 0, kind: Kind = .basic,
            md5: ByteString? = nil, disposition: Disposition? = nil, language: [ByteString] = [], location: ByteString? = nil
        ) {
            self.type = type
            self.subtype = subtype
            self.parameters = parameters
            self.id = id
            self.contentDescription = contentDescription
            self.encoding = encoding
            self.size = size
            self.kind = kind
            self.md5 = md5
            self.disposition = disposition
            self.language = language
            self.location = location
        }

        /// `type/subtype`, lower-cased.
        public var mediaType: String { "\(type)/\(subtype)" }

        /// The value of a Content-Type parameter such as `charset` or `name` (case-insensitive name).
        public func parameter(_ name: String) -> ByteString? {
            parameters.first { $0.name == name.lowercased() }?.value
        }
    }

    /// What follows the common fields of a single part.
    public enum Kind: Hashable, Sendable {
        case basic
        /// `text/*`: the body's line count.
        case text(lines: UInt64)
        /// `message/rfc822` (or `message/global`): the encapsulated message.
        case message(envelope: Envelope, body: BodyStructure, lines: UInt64)
    }

    /// A multipart body.
    public struct Multipart: Hashable, Sendable {
        public var parts: [BodyStructure]
        /// Lower-cased subtype: `mixed`, `alternative`, `related`, ...
        public var subtype: String
        public var parameters: [Parameter]
        public var disposition: Disposition?
        public var language: [ByteString]
        public var location: ByteString?

        public init(
            parts: [BodyStructure], subtype: String, parameters: [Parameter] = [], disposition: Disposition? = nil,
            language: [ByteString] = [], location: ByteString? = nil
        ) {
            self.parts = parts
            self.subtype = subtype
            self.parameters = parameters
            self.disposition = disposition
            self.language = language
            self.location = location
        }
    }

    /// A `name value` pair of a parameter list.
    public struct Parameter: Hashable, Sendable {
        /// Lower-cased name, e.g. `charset`, `filename*`.
        public var name: String
        public var value: ByteString

        public init(name: String, value: ByteString) {
            self.name = name.lowercased()
            self.value = value
        }
    }

    /// Content-Disposition: `inline`/`attachment` (lower-cased) and its parameters.
    public struct Disposition: Hashable, Sendable {
        public var type: String
        public var parameters: [Parameter]

        public init(type: String, parameters: [Parameter] = []) {
            self.type = type.lowercased()
            self.parameters = parameters
        }

        public func parameter(_ name: String) -> ByteString? {
            parameters.first { $0.name == name.lowercased() }?.value
        }
    }
}

extension BodyStructure {
    /// A part's IMAP section number such as `1`, `2.1`, `3.1.2`.
    public struct SectionPath: Hashable, Sendable, CustomStringConvertible, Comparable {
        public var components: [Int]

        public init(_ components: [Int]) { self.components = components }

        /// Parses `2.1.3`; `nil` for anything else.
        public init?(_ text: String) {
            var numbers: [Int] = []
            for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
                guard let number = Int(piece), number > 0, number < 100_000 else { return nil }
                numbers.append(number)
            }
            guard !numbers.isEmpty else { return nil }
            self.components = numbers
        }

        public var description: String { components.map(String.init).joined(separator: ".") }

        public static func < (lhs: SectionPath, rhs: SectionPath) -> Bool {
            lhs.components.lexicographicallyPrecedes(rhs.components)
        }
    }

    /// Every non-multipart part with its section number, depth first, in MIME order.
    /// A `message/rfc822` part is listed itself and then the parts of the message it carries.
    public func parts() -> [(section: SectionPath, part: SinglePart)] {
        var result: [(SectionPath, SinglePart)] = []
        collect(into: &result, prefix: [], isTopLevel: true)
        return result
    }

    /// Whether a mail client would show the message as having attachments: some part has the
    /// disposition `attachment`, or is neither text nor inline nor referenced by a Content-ID
    /// (an image an HTML body shows is not an attachment; a PDF without a disposition is).
    /// ``ScannedSummary/hasAttachments``
    /// answers the same from a response's bytes.
    public var hasAttachmentParts: Bool {
        containsPart { part in
            // Types and disposition types are kept lower-cased, so no re-casing here: this runs
            // for every part of every message of a list page.
            if part.disposition?.type == "attachment" { return true }
            return part.type != "text" && part.type != "multipart" && part.id == nil && part.disposition?.type != "inline"
        }
    }

    /// Whether any part that ``parts()`` lists satisfies `predicate`, visited in the same order
    /// without building section numbers (the list page asks this of every message).
    public func containsPart(where predicate: (SinglePart) -> Bool) -> Bool {
        switch self {
        case .singlepart(let part):
            if predicate(part) { return true }
            if case .message(_, let body, _) = part.kind { return body.containsPart(where: predicate) }
            return false
        case .multipart(let multipart):
            return multipart.parts.contains { $0.containsPart(where: predicate) }
        }
    }

    /// The part at a section number, if it exists.
    public func part(at section: SectionPath) -> SinglePart? {
        parts().first { $0.section == section }?.part
    }

    private func collect(into result: inout [(SectionPath, SinglePart)], prefix: [Int], isTopLevel: Bool) {
        switch self {
        case .singlepart(let part):
            // A non-multipart message body is section 1 of its message.
            let path = isTopLevel ? prefix + [1] : prefix
            result.append((SectionPath(path), part))
            if case .message(_, let body, _) = part.kind {
                body.collect(into: &result, prefix: path, isTopLevel: true)
            }
        case .multipart(let multipart):
            for (index, child) in multipart.parts.enumerated() {
                child.collect(into: &result, prefix: prefix + [index + 1], isTopLevel: false)
            }
        }
    }
}
