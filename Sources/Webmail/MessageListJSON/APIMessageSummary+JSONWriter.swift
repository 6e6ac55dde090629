/// The general way to a list item's JSON: from the model, for the summaries the scanner could
/// not read and for pages built from models (the fast path is `JSONWriter+MessageListItem`).
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
        writer.key("forwarded"); writer.bool(flags.forwarded)
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
