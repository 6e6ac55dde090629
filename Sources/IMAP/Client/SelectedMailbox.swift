/// The state of the selected mailbox, as reported by SELECT/EXAMINE and kept current by
/// EXISTS/EXPUNGE responses.
public struct SelectedMailbox: Sendable, Hashable {
    public var name: MailboxName
    public var isReadOnly: Bool
    public var exists: UInt32
    public var recent: UInt32
    public var uidValidity: UInt32?
    public var uidNext: UInt32?
    /// Sequence number of the first unseen message, when the server says.
    public var firstUnseen: UInt32?
    public var flags: [Flag]
    public var permanentFlags: [PermanentFlag]
    public var highestModSeq: UInt64?

    public init(name: MailboxName, isReadOnly: Bool) {
        self.name = name
        self.isReadOnly = isReadOnly
        self.exists = 0
        self.recent = 0
        self.flags = []
        self.permanentFlags = []
    }
}

/// A mailbox from LIST, with its special-use role and (when asked) its counts.
public struct MailboxInfo: Sendable, Hashable {
    public var name: MailboxName
    public var delimiter: Character?
    public var attributes: [MailboxAttribute]
    public var status: MailboxStatus?

    public init(name: MailboxName, delimiter: Character?, attributes: [MailboxAttribute], status: MailboxStatus? = nil) {
        self.name = name
        self.delimiter = delimiter
        self.attributes = attributes
        self.status = status
    }

    public var role: MailboxRole? { MailboxRole(name: name, attributes: attributes) }
    public var isSelectable: Bool { !attributes.contains(.noSelect) && !attributes.contains(.nonExistent) }
    /// The last path component, decoded.
    public var displayName: String { name.components(delimiter: delimiter).last ?? name.displayName }
}

/// What the message list shows for one message.
public struct MessageSummary: Sendable, Hashable {
    public var uid: UInt32
    public var sequenceNumber: UInt32
    public var flags: [Flag]
    public var internalDate: InternalDate?
    public var size: UInt64
    /// Raw header values; see ``Envelope`` about RFC 2047.
    public var envelope: Envelope?
    public var bodyStructure: BodyStructure?
    public var modSeq: UInt64?
    /// The server's text preview (RFC 8970), when it offers PREVIEW; `nil` otherwise or for NIL.
    public var preview: String?

    public init(
        uid: UInt32, sequenceNumber: UInt32, flags: [Flag] = [], internalDate: InternalDate? = nil, size: UInt64 = 0,
        envelope: Envelope? = nil, bodyStructure: BodyStructure? = nil, modSeq: UInt64? = nil, preview: String? = nil
    ) {
        self.uid = uid
        self.sequenceNumber = sequenceNumber
        self.flags = flags
        self.internalDate = internalDate
        self.size = size
        self.envelope = envelope
        self.bodyStructure = bodyStructure
        self.modSeq = modSeq
        self.preview = preview
    }

    /// Builds a summary from a FETCH response; `nil` without a UID.
    public init?(_ fetch: FetchResponse) {
        guard let uid = fetch.uid else { return nil }
        self.init(uid: uid, sequenceNumber: fetch.sequenceNumber)
        for attribute in fetch.attributes {
            switch attribute {
            case .flags(let flags): self.flags = flags
            case .internalDate(let date): internalDate = date
            case .rfc822Size(let size): self.size = size
            case .envelope(let envelope): self.envelope = envelope
            case .bodyStructure(let structure): bodyStructure = structure
            case .modSeq(let value): modSeq = value
            case .preview(let data): preview = data.map { String(decoding: $0, as: UTF8.self) }
            default: break
            }
        }
    }

    public var isSeen: Bool { flags.contains(.seen) }
    public var isFlagged: Bool { flags.contains(.flagged) }

    /// See ``BodyStructure/hasAttachmentParts``; `false` without a BODYSTRUCTURE.
    public var hasAttachments: Bool { bodyStructure?.hasAttachmentParts ?? false }
}

/// One page of a message list, newest first.
public struct MessagePage: Sendable, Hashable {
    /// Number of messages the list covers (the whole mailbox, or the search hits).
    public var total: Int
    public var summaries: [MessageSummary]

    public init(total: Int, summaries: [MessageSummary]) {
        self.total = total
        self.summaries = summaries
    }
}

/// The result of APPEND: the new message's UID when the server supports UIDPLUS.
public struct AppendResult: Sendable, Hashable {
    public var uidValidity: UInt32?
    public var uid: UInt32?
}

/// The result of COPY or MOVE: source UID → destination UID when the server supports UIDPLUS.
public struct CopyResult: Sendable, Hashable {
    public var uidValidity: UInt32?
    public var uidMapping: [UInt32: UInt32]
}

/// A change in the selected mailbox reported during IDLE.
public enum MailboxEvent: Sendable, Hashable {
    /// The mailbox now has this many messages (new mail when it grows).
    case exists(UInt32)
    /// The message with this sequence number was removed.
    case expunged(sequenceNumber: UInt32)
    /// QRESYNC: these UIDs were removed.
    case vanished(SequenceSet)
    /// A message's flags changed.
    case flagsChanged(sequenceNumber: UInt32, uid: UInt32?, flags: [Flag])
    case recent(UInt32)
}
