import Foundation
import MIME
import NIOCore
import Testing
@testable import Webmail

/// The request side of HTML mail (issue 28), without a server: the new `attachments`,
/// `include_parts` and `forward_as_attachment` shapes in JSON and in a multipart form, and
/// which inline images stay inline.
@Suite struct OutgoingHTMLInputTests {
    @Test func jsonTakesStringAndObjectEntries() throws {
        let json = """
            {"html": "<p>x</p>", "attachments": ["u1", {"id": "u2", "inline": true, "content_id": "a@b"}],
             "include_parts": {"folder": "INBOX", "uid": 7, "parts": ["2", {"part": "1.2", "inline": true, "content_id": "logo.1@z"}]},
             "forward_as_attachment": {"folder": "INBOX", "uid": 9}}
            """
        let fields = try JSONDecoder().decode(SendController.Outgoing.self, from: Data(json.utf8))
        #expect(fields.attachments == [OutgoingUploadReference(id: "u1"), OutgoingUploadReference(id: "u2", inline: true, contentID: "a@b")])
        let parts = try #require(fields.includeParts).validated().parts
        #expect(parts == [.init(part: "2", inline: false, contentID: nil), .init(part: "1.2", inline: true, contentID: "logo.1@z")])
        #expect(fields.forwardAsAttachment?.uid == 9)
    }

    @Test func aMultipartFormTakesTheSameShapes() throws {
        var form = MultipartFormBody()
        form.field("html", "<p>x</p>")
        form.field("attachments", "u1")
        form.field("attachments", "{\"id\":\"u2\",\"inline\":true,\"content_id\":\"a@b\"}")
        form.field("forward_as_attachment", "{\"folder\":\"Sent\",\"uid\":3}")
        let boundary = String(form.contentType.split(separator: "=").last ?? "")
        let parsed = try OutgoingForm.parseMultipart(form.buffer, boundary: boundary)
        #expect(parsed.fields.attachments == [OutgoingUploadReference(id: "u1"), OutgoingUploadReference(id: "u2", inline: true, contentID: "a@b")])
        #expect(parsed.fields.forwardAsAttachment?.folder == "Sent")
        #expect(parsed.fields.forwardAsAttachment?.uid == 3)
    }

    @Test(arguments: ["", "a b", "a>b", "x\r\nBcc: e@x", String(repeating: "a", count: 201), "한글@z"])
    func anInlineEntryNeedsAValidContentID(_ bad: String) {
        #expect(throws: APIError.self) { try InlineContentID.validated(bad, inline: true, field: "attachments") }
        #expect(throws: APIError.self) { try InlineContentID.validated(nil, inline: true, field: "attachments") }
        let parts = IncludedParts(folder: "INBOX", uid: 1, parts: [.init(part: "2", inline: true, contentID: bad)])
        #expect(throws: APIError.self) { try parts.validated() }
    }

    @Test func anInlineImageTheHTMLNeverNamesGoesAsAnAttachment() {
        let used = MessageBuilder.Attachment(filename: "a.png", contentType: "image/png", data: [1], contentID: "used@z")
        let unused = MessageBuilder.Attachment(filename: "b.png", contentType: "image/png", data: [2], contentID: "unused@z")
        let body = OutgoingHTMLBody.make(html: "<img src=\"cid:used@z\"><script>x</script>", text: nil, attachments: [used, unused], contentIDDomain: "z")
        #expect(body.attachments.map(\.contentID) == ["used@z", nil])
        #expect(body.html?.contains("<script") == false)
        #expect(body.text == "")
    }
}
