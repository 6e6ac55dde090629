import MIME

/// Why a `SendRequest` could not be built from a `MessageBuilder`. Nothing was sent and nothing
/// stored: this is bad input, for a 400 answer.
public enum SendRequestError: Error, Sendable, Equatable {
    /// An address is not valid for SMTP (see `SMTPAddress`); the error names it.
    case invalidAddress(SMTPError)
    /// The builder refused a value (CR/LF/NUL in a header value, no recipients, …).
    case invalidMessage(MessageBuilderError)
}

extension SendRequest {
    /// Builds the message with `builder` and the envelope from its From, To, Cc and Bcc.
    ///
    /// Every address is validated as an SMTP mailbox first and its domain converted to ASCII
    /// (Punycode), so `info@지오정보기술.한국` works although the server has SMTPUTF8 off; the
    /// message headers get the same ASCII addresses. Bcc goes into the envelope only —
    /// `MessageBuilder` never writes a Bcc header.
    public init(building builder: MessageBuilder, answering: OriginalMessage? = nil) throws(SendRequestError) {
        var builder = builder
        builder.from = try Self.smtpReady(builder.from)
        builder.to = try builder.to.map(Self.smtpReady)
        builder.cc = try builder.cc.map(Self.smtpReady)
        builder.bcc = try builder.bcc.map(Self.smtpReady)
        builder.replyTo = try builder.replyTo.map(Self.smtpReady)
        let built: BuiltMessage
        do throws(MessageBuilderError) {
            built = try builder.build()
        } catch {
            throw .invalidMessage(error)
        }
        do throws(SMTPError) {
            let envelope = try SMTPEnvelope(sender: built.envelope.sender, recipients: built.envelope.recipients)
            self.init(envelope: envelope, message: built.bytes, answering: answering)
        } catch {
            throw .invalidAddress(error)
        }
    }

    /// The address with its domain in ASCII, after SMTP mailbox validation.
    private static func smtpReady(_ address: MailAddress) throws(SendRequestError) -> MailAddress {
        do throws(SMTPError) {
            return MailAddress(name: address.name, email: try SMTPAddress(address.email).address)
        } catch {
            throw .invalidAddress(error)
        }
    }
}
