import Foundation
import MIME
import NIOCore

/// Everything a send or draft attaches, gathered before anything is built or sent: parts of a
/// message in the user's mailbox (`include_parts`), earlier uploads (`attachments` ids) and
/// files of a multipart form, and a whole message forwarded as an attachment
/// (`forward_as_attachment`). Inline entries carry their Content-ID. Any missing piece fails the whole request (400/404), and the size
/// is checked against the message limit (413) before the bigger pieces are read.
struct OutgoingAttachments {
    let uploads: UploadStore
    let mailbox: any MailStore
    let maxMessageBytes: Int

    /// More ids than any message needs: refused as abuse.
    static let maximumUploads = 100

    struct Resolved {
        var attachments: [MessageBuilder.Attachment]
        /// Removed once the message is sent.
        var uploadIDs: [UploadID]
        /// Whole messages to attach as message/rfc822, as stored.
        var forwarded: [[UInt8]] = []
    }

    var tooLarge: APIError { SendController.tooLarge(maxMessageBytes) }

    func resolve(_ form: OutgoingForm, session: Session) async throws -> Resolved {
        let fields = form.fields
        // Validate every input before the first IMAP round trip.
        let included = try fields.includeParts?.validated()
        let forwardAsAttachment = try fields.forwardAsAttachment?.validated()
        var budget = maxMessageBytes - (fields.text?.utf8.count ?? 0) - (fields.html?.utf8.count ?? 0)
            - form.files.reduce(0) { $0 + $1.data.count }
        var uploaded: [(id: UploadID, metadata: UploadStore.Metadata, contentID: String?)] = []
        let requested = fields.attachments ?? []
        guard requested.count <= Self.maximumUploads else { throw APIError.badRequest("attachments: 최대 \(Self.maximumUploads)개", code: .tooManyAttachments) }
        for reference in requested {
            let raw = reference.id
            let contentID = try InlineContentID.validated(reference.contentID, inline: reference.inline, field: "attachments")
            guard let id = UploadID(raw) else { throw APIError.badRequest("attachments: 첨부파일 id가 올바르지 않습니다", code: .uploadNotFound) }
            guard let metadata = try await uploads.metadata(id, owner: session.email) else {
                throw APIError.badRequest("attachments: 첨부파일을 찾을 수 없습니다 (\(raw)). 다시 올려 주세요", code: .uploadNotFound)
            }
            if uploaded.contains(where: { $0.id == id }) { continue }
            uploaded.append((id, metadata, contentID))
            budget -= metadata.size
        }
        guard budget >= 0 else { throw tooLarge }

        var attachments: [MessageBuilder.Attachment] = []
        if let included {
            attachments += try await fetch(included, session: session, budget: &budget)
        }
        var forwarded: [[UInt8]] = []
        if let forwardAsAttachment {
            forwarded.append(try await fetchWhole(forwardAsAttachment, session: session, budget: &budget))
        }
        for (id, metadata, contentID) in uploaded {
            guard let data = uploads.contents(id, owner: session.email) else {
                throw APIError.badRequest("attachments: 첨부파일을 찾을 수 없습니다 (\(id)). 다시 올려 주세요", code: .uploadNotFound)
            }
            attachments.append(.init(filename: metadata.filename, contentType: metadata.contentType, data: data, contentID: contentID))
        }
        attachments += form.files
        return Resolved(attachments: attachments, uploadIDs: uploaded.map(\.id), forwarded: forwarded)
    }

    /// Reads each named part, decoded, as the attachment it was: name and type from the part's
    /// own MIME header (RFC 2231/2047 decoded by MIME), at most `budget` bytes in all.
    func fetch(_ included: IncludedParts, session: Session, budget: inout Int) async throws -> [MessageBuilder.Attachment] {
        let folder = included.folder ?? "INBOX"
        var attachments: [MessageBuilder.Attachment] = []
        for entry in included.parts {
            let part = entry.part
            let stream: MailPartStream
            do {
                stream = try await mailbox.part(for: session, folder: folder, uid: included.uid, part: part)
            } catch .notFound {
                throw APIError.notFound("원본 메일(\(folder), uid \(included.uid))에서 파트 \(part)를 찾을 수 없습니다", code: .partNotFound)
            } catch {
                throw error.apiError
            }
            guard !stream.info.contentType.lowercased().hasPrefix("multipart/") else {
                throw APIError.badRequest("include_parts: 파트 \(part)는 첨부파일이 아닙니다 (multipart)", code: .invalidIncludedParts)
            }
            let data = try await collect(stream.body, budget: &budget)
            attachments.append(.init(filename: AttachmentNaming.receivedFilename(stream.info.filename),
                                     contentType: AttachmentNaming.contentType(stream.info.contentType), data: data,
                                     contentID: entry.contentID))
        }
        return attachments
    }

    /// The whole message, as the mail server stores it, streamed like a part and counted against `budget`.
    func fetchWhole(_ original: ForwardAsAttachment, session: Session, budget: inout Int) async throws -> [UInt8] {
        let folder = original.folder ?? "INBOX"
        let stream: AsyncThrowingStream<ByteBuffer, any Error>
        do {
            stream = try await mailbox.rawMessage(for: session, folder: folder, uid: original.uid)
        } catch {
            throw error.apiError
        }
        return try await collect(stream, budget: &budget)
    }

    /// A fetched body, read up to `budget` bytes (the message limit): over it, 413 at once.
    private func collect(_ body: some AsyncSequence<ByteBuffer, any Error>, budget: inout Int) async throws -> [UInt8] {
        var data: [UInt8] = []
        do {
            for try await chunk in body {
                budget -= chunk.readableBytes
                // Stop reading as soon as the message cannot fit any more.
                guard budget >= 0 else { throw tooLarge }
                data.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as APIError {
            throw error
        } catch let error as MailStoreError {
            throw error.apiError
        } catch {
            // The stream broke off mid-part: the server went away or misbehaved.
            throw MailStoreError.unavailable(String(describing: error)).apiError
        }
        return data
    }
}
