/// Why `MessageBuilder.build()` refused to build a message.
public enum MessageBuilderError: Error, Equatable, Sendable {
    /// A user-supplied header value contains a C0 control other than TAB, or DEL (CR/LF: a
    /// header-injection attempt; any of them: a client bug or mischief), or a body contains NUL.
    /// `field` names the input, e.g. "subject", "to[1].name", "attachments[0].filename".
    case forbiddenCharacter(field: String)
    /// Not a usable `local@domain` address (ASCII unless `MessageBuilder.internationalizedHeaders`).
    case invalidAddress(field: String, address: String)
    /// No To, Cc or Bcc recipient.
    case noRecipients
    /// An attachment's content type is not `type/subtype`.
    case invalidContentType(field: String, value: String)
}
