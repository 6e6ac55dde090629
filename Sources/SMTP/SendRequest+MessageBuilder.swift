import MIME

/// Why a `SendRequest` could not be built from a `MessageBuilder`. Nothing was sent and nothing
/// stored: this is bad input, for a 400 answer.
public enum SendRequestError: Error, Sendable, Equatable {
    /// An address is not valid for SMTP (see `SMTPAddress`); the error names it.
    case invalidAddress(SMTPError)
    /// The builder refused a value (CR/LF/NUL in a header value, no recipients, …).
    case invalidMessage(MessageBuilderError)
}

/// The one way outgoing mail is made from what the user wrote: the webmail's send and draft
/// routes and the tests go through here.
extension SendRequest {
    /// Builds the message with `builder` and the envelope from its From, To, Cc and Bcc.
    ///
    /// Every address is validated as an SMTP mailbox first. The message is built in the forms a
    /// server may need, all with one Message-ID and Date:
    /// - `message`: addresses in ASCII, domains in Punycode, so `info@지오정보기술.한국` reaches a
    ///   server without SMTPUTF8 (the mail stack's Postfix) — unless a local part is not ASCII;
    /// - `internationalizedMessage`, only when an address is not ASCII as typed: the addresses as
    ///   typed in UTF-8 headers (RFC 6532), sent with SMTPUTF8 where the server offers it;
    /// - `draftMessage`, only when there is a Bcc: what Drafts keeps if submission fails.
    /// Bcc goes into the envelope only — `MessageBuilder` never writes a Bcc header to send.
    public init(building builder: MessageBuilder, answering: OriginalMessage? = nil) throws(SendRequestError) {
        var builder = builder
        builder.isDraft = false
        builder.assignMessageID()
        // The builder's own checks first (CR/LF in a field is named as such, not as a bad
        // address); any UTF-8 address passes them here and is judged as an SMTP mailbox below.
        var lenient = builder
        lenient.internationalizedHeaders = true
        do throws(MessageBuilderError) { try lenient.validate() } catch { throw .invalidMessage(error) }
        let from = try Self.smtpAddress(builder.from)
        let recipients = try (builder.to + builder.cc + builder.bcc).map(Self.smtpAddress)
        let replyTo = try builder.replyTo.map(Self.smtpAddress)
        let all = [from] + recipients + replyTo
        let requiresSMTPUTF8 = all.contains(where: \.requiresSMTPUTF8)
        let ascii = requiresSMTPUTF8 ? nil : try Self.addressed(builder, internationalized: false)
        let internationalized = all.contains(where: \.isInternationalized) ? try Self.addressed(builder, internationalized: true) : nil
        // One of the two exists: without an internationalised address every address is ASCII.
        guard let primary = ascii ?? internationalized else { preconditionFailure("no form of the message") }

        let built = try Self.build(primary)
        var seen = Set<String>()
        let unique = recipients.filter { seen.insert($0.internationalizedAddress.lowercased()).inserted }
        do throws(SMTPError) {
            self.init(envelope: try SMTPEnvelope(sender: from, recipients: unique), message: built.bytes, answering: answering)
        } catch {
            throw .invalidAddress(error)
        }
        if ascii != nil, let internationalized {
            internationalizedMessage = try Self.build(internationalized).bytes
        }
        if !builder.bcc.isEmpty {
            var draft = primary
            draft.isDraft = true
            draftMessage = try Self.build(draft).bytes
        }
        messageID = built.messageID
    }

    /// The draft of `builder` for the Drafts folder: Bcc kept, recipients optional. Addresses that
    /// are valid SMTP mailboxes are written as a send would write them (ASCII, domains in
    /// Punycode); one with a non-ASCII local part, or not valid for SMTP yet (a draft may be
    /// unfinished), stays as typed — in UTF-8 headers when it is not ASCII.
    public static func draft(building builder: MessageBuilder) throws(SendRequestError) -> BuiltMessage {
        var builder = builder
        builder.isDraft = true
        func written(_ address: MailAddress) -> MailAddress {
            guard let smtp = try? SMTPAddress(address.email), !smtp.requiresSMTPUTF8 else { return address }
            return MailAddress(name: address.name, email: smtp.address)
        }
        builder.from = written(builder.from)
        builder.to = builder.to.map(written)
        builder.cc = builder.cc.map(written)
        builder.bcc = builder.bcc.map(written)
        builder.replyTo = builder.replyTo.map(written)
        let addresses = [builder.from] + builder.to + builder.cc + builder.bcc + builder.replyTo
        builder.internationalizedHeaders = addresses.contains { !$0.email.utf8.allSatisfy { $0 < 0x80 } }
        return try build(builder)
    }

    /// `builder` with every address in one form: as typed (UTF-8 headers) or in ASCII.
    private static func addressed(_ builder: MessageBuilder, internationalized: Bool) throws(SendRequestError) -> MessageBuilder {
        func written(_ address: MailAddress) throws(SendRequestError) -> MailAddress {
            let smtp = try smtpAddress(address)
            return MailAddress(name: address.name, email: internationalized ? smtp.internationalizedAddress : smtp.address)
        }
        var builder = builder
        builder.internationalizedHeaders = internationalized
        builder.from = try written(builder.from)
        builder.to = try builder.to.map(written)
        builder.cc = try builder.cc.map(written)
        builder.bcc = try builder.bcc.map(written)
        builder.replyTo = try builder.replyTo.map(written)
        return builder
    }

    private static func build(_ builder: MessageBuilder) throws(SendRequestError) -> BuiltMessage {
        do throws(MessageBuilderError) {
            return try builder.build()
        } catch {
            throw .invalidMessage(error)
        }
    }

    /// The address validated as an SMTP mailbox.
    private static func smtpAddress(_ address: MailAddress) throws(SendRequestError) -> SMTPAddress {
        do throws(SMTPError) {
            return try SMTPAddress(address.email)
        } catch {
            throw .invalidAddress(error)
        }
    }
}
