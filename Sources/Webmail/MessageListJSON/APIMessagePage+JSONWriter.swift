import Hummingbird
import NIOCore

/// The message list page written with `JSONWriter` instead of the generic encoder: this is the
/// response every folder view and every new-mail refresh asks for. `Codable` stays the
/// contract (tests and clients decode it); this only writes the same document faster.
extension APIMessagePage {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: json()))
    }

    /// The page as a JSON document.
    func json() -> ByteBuffer {
        var writer: JSONWriter
        switch items {
        case .summaries(let messages):
            writer = JSONWriter(capacity: 512 + messages.count * 512)
            writeFrame(to: &writer)
            for message in messages { message.write(to: &writer) }
        case .rendered(let documents):
            writer = JSONWriter(capacity: 512 + documents.reduce(0) { $0 + $1.count + 1 })
            writeFrame(to: &writer)
            for document in documents { writer.value(json: document) }
        }
        writer.endArray()
        writer.endObject()
        return writer.buffer
    }

    /// Everything before the first message.
    private func writeFrame(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("total"); writer.integer(total)
        writer.key("page"); writer.integer(page)
        writer.key("size"); writer.integer(size)
        writer.key("messages")
        writer.beginArray()
    }
}

extension APIMessageSummary {
    /// The keys and omissions of the synthesized `Codable` conformance (nil `from`/`date` left out).
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("uid"); writer.integer(uid)
        writer.key("subject"); writer.string(subject)
        if let from {
            writer.key("from"); from.write(to: &writer)
        }
        writer.key("to")
        writer.beginArray()
        for address in to { address.write(to: &writer) }
        writer.endArray()
        if let date {
            writer.key("date"); writer.date(date)
        }
        writer.key("flags")
        writer.beginObject()
        writer.key("seen"); writer.bool(flags.seen)
        writer.key("flagged"); writer.bool(flags.flagged)
        writer.key("answered"); writer.bool(flags.answered)
        writer.key("draft"); writer.bool(flags.draft)
        writer.endObject()
        writer.key("size"); writer.integer(size)
        writer.key("has_attachments"); writer.bool(hasAttachments)
        writer.key("preview"); writer.string(preview)
        writer.endObject()
    }
}

extension APIAddress {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("name"); writer.string(name)
        writer.key("email"); writer.string(email)
        writer.endObject()
    }
}
