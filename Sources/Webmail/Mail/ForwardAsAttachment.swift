/// `"forward_as_attachment": {"folder", "uid"}` of a send or draft ("첨부로 전달"): a whole
/// message of the user's attached as message/rfc822, its bytes as the mail server stores them.
struct ForwardAsAttachment: Decodable, Sendable {
    var folder: String?
    var uid: UInt32

    /// The same request, checked like every folder and UID the client names.
    func validated() throws(APIError) -> ForwardAsAttachment {
        let folder = try MailController.folder(folder)
        guard uid > 0 else { throw APIError.invalidUID("forward_as_attachment.uid must be a positive number") }
        return ForwardAsAttachment(folder: folder, uid: uid)
    }
}
