extension SMTPError {
    /// True when the server refused the envelope sender itself, not a recipient: Postfix's
    /// `reject_sender_login_mismatch` (`553 5.7.1 <x>: Sender address rejected: not owned by user
    /// …`). With `smtpd_delay_reject` (the default) Postfix says so at RCPT TO, once per
    /// recipient, so a RCPT refusal counts only when the reply names the sender; at MAIL FROM a
    /// 5.7.x policy refusal is about the sender by definition.
    public var refusesSender: Bool {
        guard case .rejected = kind, let reply, reply.isPermanentFailure else { return false }
        let policy = reply.enhancedCode.map { $0.statusClass == 5 && $0.subject == 7 } ?? false
        switch stage {
        case .mailFrom:
            return policy || reply.code == 553
        case .recipient:
            return reply.code == 553 && policy && reply.text.lowercased().contains("sender address rejected")
        default:
            return false
        }
    }
}
