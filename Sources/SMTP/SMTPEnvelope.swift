/// The envelope of one submission: who sends (MAIL FROM) and who receives (RCPT TO).
///
/// The recipients are everybody the message goes to — To, Cc **and Bcc** — since Bcc addresses
/// exist only here, never in the message's headers. Duplicates are removed, order is kept.
public struct SMTPEnvelope: Sendable, Equatable {
    public let sender: SMTPAddress
    public let recipients: [SMTPAddress]

    /// Fails with `.invalidInput` when there is no recipient.
    public init(sender: SMTPAddress, recipients: [SMTPAddress]) throws(SMTPError) {
        var seen = Set<SMTPAddress>()
        let unique = recipients.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else {
            throw SMTPError(.invalidInput, stage: .preparation, message: "a message needs at least one recipient")
        }
        self.sender = sender
        self.recipients = unique
    }

    /// Every address, the sender first.
    public var addresses: [SMTPAddress] { [sender] + recipients }
    /// True when an address has a non-ASCII local part: only a server with SMTPUTF8 takes it.
    public var requiresSMTPUTF8: Bool { addresses.contains(where: \.requiresSMTPUTF8) }
    /// True when an address is internationalised (domain or local part): with SMTPUTF8 it goes
    /// out as typed, otherwise with its domain in Punycode.
    public var isInternationalized: Bool { addresses.contains(where: \.isInternationalized) }

    /// Validates every address (see `SMTPAddress`).
    public init(sender: String, recipients: [String]) throws(SMTPError) {
        var parsed: [SMTPAddress] = []
        for recipient in recipients {
            parsed.append(try SMTPAddress(recipient))
        }
        try self.init(sender: try SMTPAddress(sender), recipients: parsed)
    }
}

/// What the server said when it accepted a message.
public struct SMTPDeliveryReceipt: Sendable, Equatable {
    /// The reply after the final "." (e.g. `250 2.0.0 Ok: queued as 4F3A21C0B2`).
    public let reply: SMTPReply
    /// Every recipient the server accepted (all of the envelope's; a refusal aborts the send).
    public let recipients: [SMTPAddress]
    /// The size of the message as declared to the server (CRLF line endings).
    public let messageSize: Int
    /// True when the message went out with SMTPUTF8 (RFC 6531): UTF-8 addresses in the
    /// envelope and the headers.
    public let smtpUTF8: Bool

    public init(reply: SMTPReply, recipients: [SMTPAddress], messageSize: Int, smtpUTF8: Bool = false) {
        self.reply = reply
        self.recipients = recipients
        self.messageSize = messageSize
        self.smtpUTF8 = smtpUTF8
    }

    /// The server's queue id when its reply names one ("queued as X", Postfix's form).
    public var queueID: String? {
        let text = reply.text
        guard let range = text.range(of: "queued as ") else { return nil }
        let id = text[range.upperBound...].prefix { !$0.isWhitespace }
        return id.isEmpty ? nil : String(id)
    }
}

/// What `SMTPClient.probe()` learnt about a server without logging in.
public struct SMTPProbeResult: Sendable, Equatable {
    /// The 220 greeting.
    public let greeting: SMTPReply
    /// The extensions announced after TLS was established.
    public let capabilities: SMTPCapabilities
    /// Always true on success: the probe fails unless a verified TLS session was established.
    public let tlsVerified: Bool
}
