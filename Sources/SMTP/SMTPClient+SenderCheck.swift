extension SMTPClient {
    /// Asks the server whether the logged-in user may send as `sender`, without sending
    /// anything: EHLO, STARTTLS, AUTH, `MAIL FROM:<sender>`, `RCPT TO:<recipient>` (Postfix
    /// checks the sender at RCPT with `smtpd_delay_reject`), RSET, QUIT. `recipient` should be an
    /// address the server surely takes (the user's own). Throws the server's refusal
    /// (`refusesSender` tells a refused sender from anything else) or the session's failure.
    public func checkSender(_ sender: String, recipient: String, credentials: SMTPCredentials) async throws(SMTPError) {
        let from = try SMTPAddress(sender)
        let to = try SMTPAddress(recipient)
        if from.requiresSMTPUTF8 || to.requiresSMTPUTF8 {
            throw SMTPError(.smtpUTF8Unsupported, stage: .preparation, recipient: sender,
                            message: "an address with a non-ASCII part before @ cannot be checked without SMTPUTF8")
        }
        let session = try await SMTPSession.open(configuration: configuration, group: group, logger: logger)
        do throws(SMTPError) {
            try await session.authenticate(credentials)
            try await session.checkEnvelope(sender: from, recipient: to)
            await session.quit()
        } catch {
            await SMTPSession.abandon(session.connection, after: error)
            throw error
        }
    }
}

extension SMTPSession {
    /// MAIL FROM and one RCPT TO, then RSET whatever the answers: the transaction never reaches DATA.
    func checkEnvelope(sender: SMTPAddress, recipient: SMTPAddress) async throws(SMTPError) {
        let mail = try await connection.command("MAIL FROM:<\(sender.address)>", stage: .mailFrom)
        guard mail.isPositiveCompletion else { throw SMTPError.rejected(mail, stage: .mailFrom) }
        let rcpt = try await connection.command("RCPT TO:<\(recipient.address)>", stage: .recipient)
        _ = try? await connection.command("RSET", stage: .quit)
        guard rcpt.isPositiveCompletion else { throw SMTPError.rejected(rcpt, stage: .recipient, recipient: recipient.address) }
    }
}
