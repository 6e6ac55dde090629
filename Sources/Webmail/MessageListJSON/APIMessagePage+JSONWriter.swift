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
