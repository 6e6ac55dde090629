/// Reply and forward set-up from a parsed original, the way mail clients do it.
extension MessageBuilder {
    /// Prepares a reply: subject with one "Re: ", In-Reply-To and References threaded
    /// (RFC 5322 §3.6.4), recipients from Reply-To (else From); with `all`, the original To and
    /// Cc too, without the sender's own address.
    public mutating func reply(to original: MIMEMessage, all: Bool = false) {
        subject = Self.prefixed("Re: ", original.subject ?? "")
        if let id = original.messageID {
            inReplyTo = id
            references = original.references + [id]
        } else {
            inReplyTo = nil
            references = original.references
        }
        var recipients = original.replyTo.isEmpty ? original.from : original.replyTo
        if all {
            recipients += original.to
            cc = original.cc
        }
        let own = from.email.lowercased()
        var seen = Set<String>()
        to = recipients.filter { $0.email.lowercased() != own && seen.insert($0.email.lowercased()).inserted }
        cc = cc.filter { $0.email.lowercased() != own && seen.insert($0.email.lowercased()).inserted }
    }

    /// Prepares a forward: subject with one "Fwd: " and the original attached as message/rfc822.
    public mutating func forward(_ originalBytes: [UInt8]) {
        let original = MIMEMessage(originalBytes)
        subject = Self.prefixed("Fwd: ", original.subject ?? "")
        forwarded.append(originalBytes)
    }

    /// `prefix + subject`, unless the subject already starts with it (any case).
    static func prefixed(_ prefix: String, _ subject: String) -> String {
        let trimmed = subject.trimmingASCIIWhitespace
        let marker = prefix.trimmingASCIIWhitespace.lowercased()
        if trimmed.lowercased().hasPrefix(marker) { return trimmed }
        return prefix + trimmed
    }
}
