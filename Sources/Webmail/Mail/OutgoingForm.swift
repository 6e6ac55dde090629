import Foundation
import Hummingbird
import MIME
import MultipartKit
import NIOFoundationCompat

/// A send or draft request as JSON, or as multipart/form-data with files (multipart-kit): the
/// same fields either way (in a form, `attachments` may repeat as text fields carrying upload
/// ids, and `include_parts` is a text field carrying the JSON object), plus the form's files.
/// The body is read up to the message limit and refused with 413 beyond it, before anything is
/// built or sent.
struct OutgoingForm {
    var fields: SendController.Outgoing
    /// Files sent inline in a multipart form (field `attachments` with a filename).
    var files: [MessageBuilder.Attachment]

    /// Form fields are text: an upload of this many parts or more is refused as abuse.
    static let maximumParts = 200

    static func read(_ request: Request, context: WebmailRequestContext, limit: Int) async throws -> OutgoingForm {
        var request = request
        let body: ByteBuffer
        do {
            // Multipart framing and JSON escaping add a little; base64 is added later by the builder.
            body = try await request.collectBody(upTo: limit + 64 * 1024)
        } catch {
            throw SendController.tooLarge(limit)
        }
        let contentType = request.headers[.contentType] ?? ""
        if let media = MediaType(from: contentType), media.isType(.multipartForm) {
            guard let boundary = media.parameter?.value, media.parameter?.name.lowercased() == "boundary" else {
                throw APIError.badRequest("multipart boundary missing")
            }
            return try parseMultipart(body, boundary: boundary)
        }
        do {
            return OutgoingForm(fields: try JSONDecoder().decode(SendController.Outgoing.self, from: body), files: [])
        } catch {
            throw APIError.badRequest("요청 본문이 올바르지 않습니다")
        }
    }

    static func parseMultipart(_ body: ByteBuffer, boundary: String) throws -> OutgoingForm {
        struct Part { var headers: [String: String] = [:]; var body = ByteBuffer() }
        var parts: [Part] = []
        var current = Part()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in current.headers[name.lowercased()] = value }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = { parts.append(current); current = Part() }
        do { try parser.execute(body) } catch { throw APIError.badRequest("multipart 본문이 올바르지 않습니다") }
        guard parts.count < maximumParts else { throw APIError.badRequest("too many form parts") }

        var text: [String: String] = [:]
        var uploadIDs: [String] = []
        var files: [MessageBuilder.Attachment] = []
        for part in parts {
            let disposition = HeaderParameters(parsing: part.headers["content-disposition"] ?? "")
            guard let name = disposition["name"] else { continue }
            if let filename = disposition["filename"] {
                files.append(MessageBuilder.Attachment(filename: try AttachmentNaming.uploadedFilename(filename),
                                                       contentType: AttachmentNaming.contentType(part.headers["content-type"]),
                                                       data: Array(buffer: part.body)))
            } else if name == "attachments" {
                uploadIDs.append(String(buffer: part.body))
            } else {
                text[name] = String(buffer: part.body)
            }
        }
        var fields = SendController.Outgoing()
        func recipients(_ key: String) -> [SendController.Recipient]? {
            guard let value = text[key], !value.isEmpty else { return nil }
            return [SendController.Recipient(addresses: AddressListParser.parse(value))]
        }
        fields.to = recipients("to")
        fields.cc = recipients("cc")
        fields.bcc = recipients("bcc")
        fields.subject = text["subject"]
        fields.text = text["text"]
        fields.html = text["html"]
        fields.inReplyTo = text["in_reply_to"]
        fields.references = text["references"].map { $0.split(separator: " ").map(String.init) }
        fields.draftUID = text["draft_uid"].flatMap(UInt32.init)
        fields.replyToUID = text["reply_to_uid"].flatMap(UInt32.init)
        fields.replyToFolder = text["reply_to_folder"]
        fields.attachments = uploadIDs.isEmpty ? nil : uploadIDs
        if let json = text["include_parts"], !json.isEmpty {
            do {
                fields.includeParts = try JSONDecoder().decode(IncludedParts.self, from: Data(json.utf8))
            } catch {
                throw APIError.badRequest("include_parts: {\"folder\",\"uid\",\"parts\"} 형식의 JSON이어야 합니다")
            }
        }
        return OutgoingForm(fields: fields, files: files)
    }
}
