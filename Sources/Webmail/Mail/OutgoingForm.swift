import Foundation
import Hummingbird
import MIME
import NIOFoundationCompat

/// A send or draft request as JSON, or as multipart/form-data with files (`FormDataParser`): the
/// same fields either way (in a form, `attachments` may repeat as text fields carrying upload
/// ids, and `include_parts` and `unparsed_recipients` are text fields carrying the JSON object),
/// plus the form's files.
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
                throw APIError.invalidForm("multipart boundary가 없습니다")
            }
            return try parseMultipart(body, boundary: boundary)
        }
        // The UIDs first, so that a bad one is named as such rather than as an unreadable body.
        if let key = (try? JSONDecoder().decode(UIDCheck.self, from: body))?.invalidKey { throw invalidUID(key) }
        let fields: SendController.Outgoing
        do {
            fields = try JSONDecoder().decode(SendController.Outgoing.self, from: body)
        } catch {
            throw APIError.badRequest("요청 본문이 올바르지 않습니다", code: .invalidBody)
        }
        for (key, uid) in [("draft_uid", fields.draftUID), ("reply_to_uid", fields.replyToUID), ("forwarded_uid", fields.forwardedUID)] where uid == 0 {
            throw invalidUID(key)
        }
        return OutgoingForm(fields: fields, files: [])
    }

    /// The fields naming a message of the user's own (validated like every UID: 1 to 2^32-1,
    /// so 0 or garbage never reaches a UID STORE or EXPUNGE on the mail server).
    static let uidKeys: Set<String> = ["draft_uid", "reply_to_uid", "forwarded_uid"]

    /// The UID fields of a JSON body, checked alone: the first one present (not null) that is
    /// not a number from 1 to 2^32-1 (a string, a negative, a fraction, too large).
    struct UIDCheck: Decodable {
        var invalidKey: String?

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for name in OutgoingForm.uidKeys.sorted() {
                let key = Key(stringValue: name)
                guard container.contains(key), try !container.decodeNil(forKey: key) else { continue }
                guard let uid = try? container.decode(UInt32.self, forKey: key), uid > 0 else {
                    invalidKey = name
                    return
                }
            }
        }
    }

    static func invalidUID(_ key: String) -> APIError { .invalidUID("\(key) must be a number from 1 to \(UInt32.max)") }

    /// A UID form field: absent or empty is none; anything else must be a valid UID.
    static func uidField(_ text: [String: String], _ key: String) throws(APIError) -> UInt32? {
        guard let raw = text[key], !raw.isEmpty else { return nil }
        guard raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let uid = UInt32(raw), uid > 0 else {
            throw invalidUID(key)
        }
        return uid
    }

    /// The `unparsed_recipients` form field: the JSON object of the JSON body, as text (as
    /// `include_parts` is), so that a draft sent with its files keeps what was typed as well.
    static func unparsedRecipients(_ json: String?) throws(APIError) -> UnparsedRecipients? {
        guard let json, !json.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(UnparsedRecipients.self, from: Data(json.utf8))
        } catch {
            throw APIError.badRequest("unparsed_recipients: {\"to\",\"cc\",\"bcc\"} 형식의 JSON이어야 합니다", code: .invalidBody)
        }
    }

    static func parseMultipart(_ body: ByteBuffer, boundary: String) throws -> OutgoingForm {
        struct Part { var headers: [String: String] = [:]; var body: [UInt8] = [] }
        var parts: [Part] = []
        do {
            var parser = try FormDataParser(boundary: boundary, limits: .init(maxParts: maximumParts - 1))
            try parser.feed(body.readableBytesView) { event in
                switch event {
                case .partBegin(let headers):
                    parts.append(Part(headers: Dictionary(headers.map { ($0.name, $0.value) }) { _, last in last }))
                case .body(let chunk): parts[parts.count - 1].body += chunk
                case .partEnd: break
                }
            }
            try parser.finish()
        } catch FormDataParser.Failure.tooManyParts {
            throw APIError.invalidForm("multipart 파트가 너무 많습니다 (최대 \(maximumParts - 1)개)")
        } catch {
            throw APIError.invalidForm()
        }

        var text: [String: String] = [:]
        var uploadIDs: [OutgoingUploadReference] = []
        var files: [MessageBuilder.Attachment] = []
        for part in parts {
            let disposition = HeaderParameters(parsing: part.headers["content-disposition"] ?? "")
            guard let name = disposition["name"] else { continue }
            if let filename = disposition["filename"] {
                files.append(MessageBuilder.Attachment(filename: try AttachmentNaming.uploadedFilename(filename),
                                                       contentType: AttachmentNaming.contentType(part.headers["content-type"]),
                                                       data: part.body))
            } else if name == "attachments" {
                uploadIDs.append(try OutgoingUploadReference(formField: String(decoding: part.body, as: UTF8.self)))
            } else {
                text[name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        var fields = SendController.Outgoing()
        func recipients(_ key: String) -> [SendController.Recipient]? {
            guard let value = text[key], !value.isEmpty else { return nil }
            return [SendController.Recipient(addresses: AddressListParser.parse(value))]
        }
        fields.from = text["from"]
        fields.to = recipients("to")
        fields.cc = recipients("cc")
        fields.bcc = recipients("bcc")
        fields.subject = text["subject"]
        fields.text = text["text"]
        fields.html = text["html"]
        fields.inReplyTo = text["in_reply_to"]
        fields.references = text["references"].map { $0.split(separator: " ").map(String.init) }
        fields.draftUID = try uidField(text, "draft_uid")
        fields.replyToUID = try uidField(text, "reply_to_uid")
        fields.replyToFolder = text["reply_to_folder"]
        fields.forwardedUID = try uidField(text, "forwarded_uid")
        fields.forwardedFolder = text["forwarded_folder"]
        fields.attachments = uploadIDs.isEmpty ? nil : uploadIDs
        if let json = text["include_parts"], !json.isEmpty {
            do {
                fields.includeParts = try JSONDecoder().decode(IncludedParts.self, from: Data(json.utf8))
            } catch {
                throw APIError.badRequest("include_parts: {\"folder\",\"uid\",\"parts\"} 형식의 JSON이어야 합니다", code: .invalidIncludedParts)
            }
        }
        if let json = text["forward_as_attachment"], !json.isEmpty {
            do {
                fields.forwardAsAttachment = try JSONDecoder().decode(ForwardAsAttachment.self, from: Data(json.utf8))
            } catch {
                throw APIError.badRequest("forward_as_attachment: {\"folder\",\"uid\"} 형식의 JSON이어야 합니다", code: .invalidBody)
            }
        }
        fields.unparsedRecipients = try unparsedRecipients(text["unparsed_recipients"])
        fields.sendAt = text["send_at"]
        if let delay = text["delay_seconds"] {
            guard let seconds = Int(delay) else { throw OutboxSchedule.invalid("delay_seconds는 0에서 \(OutboxSchedule.maximumDelay) 사이의 정수여야 합니다") }
            fields.delaySeconds = seconds
        }
        return OutgoingForm(fields: fields, files: files)
    }
}
