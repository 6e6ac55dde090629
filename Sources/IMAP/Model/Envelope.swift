/// The ENVELOPE of a message: its main header fields as parsed by the server.
///
/// All text fields are ``ByteString`` — the raw header bytes, still RFC 2047 encoded when the
/// sender encoded them (`=?UTF-8?B?...?=`). Decode them with the MIME module (or any RFC 2047
/// decoder); ``ByteString/utf8String`` is a lossless convenience for ASCII/UTF-8 only.
public struct Envelope: Hashable, Sendable {
    /// The Date header, unparsed.
    public var date: ByteString?
    public var subject: ByteString?
    public var from: [Address]
    public var sender: [Address]
    public var replyTo: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var bcc: [Address]
    public var inReplyTo: ByteString?
    public var messageID: ByteString?

    public init(
        date: ByteString? = nil, subject: ByteString? = nil, from: [Address] = [], sender: [Address] = [],
        replyTo: [Address] = [], to: [Address] = [], cc: [Address] = [], bcc: [Address] = [],
        inReplyTo: ByteString? = nil, messageID: ByteString? = nil
    ) {
        self.date = date
        self.subject = subject
        self.from = from
        self.sender = sender
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.inReplyTo = inReplyTo
        self.messageID = messageID
    }
}

/// One entry of an ENVELOPE address list.
///
/// RFC 3501 encodes RFC 5322 groups in-line: an entry with a `nil` host and a mailbox starts
/// a group (the mailbox is the group name), an entry with `nil` host and `nil` mailbox ends it.
/// ``isGroupStart``/``isGroupEnd`` expose that; ``emailAddress`` is `nil` for both.
public struct Address: Hashable, Sendable {
    /// The display name, raw (possibly RFC 2047 encoded).
    public var name: ByteString?
    /// The obsolete source route; almost always `nil`.
    public var adl: ByteString?
    public var mailbox: ByteString?
    public var host: ByteString?

    public init(name: ByteString? = nil, adl: ByteString? = nil, mailbox: ByteString? = nil, host: ByteString? = nil) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }

    public var isGroupStart: Bool { host == nil && mailbox != nil }
    public var isGroupEnd: Bool { host == nil && mailbox == nil }

    /// `mailbox@host` as bytes, or `nil` for group markers.
    public var emailAddressBytes: [UInt8]? {
        guard let mailbox, let host else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(mailbox.slice.count + 1 + host.slice.count)
        bytes += mailbox.slice
        bytes.append(UInt8(ascii: "@"))
        bytes += host.slice
        return bytes
    }

    /// `mailbox@host` when both are valid UTF-8, else `nil`.
    public var emailAddress: String? {
        guard let bytes = emailAddressBytes else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
