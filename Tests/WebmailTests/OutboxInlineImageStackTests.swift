import Foundation
import MIME
import Testing
@testable import Webmail

/// Issue 29 with issue 28's HTML: a queued HTML mail with a pasted (inline, `cid:`) image arrives
/// after its wait with the image in its multipart/related, the `cid:` resolved, byte for byte.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct OutboxInlineImageStackTests {
    typealias Compose = ComposeAPITests

    @Test func aQueuedHTMLMailKeepsItsInlineImageThroughTheWait() async throws {
        try await OutboxStackTests.withApp { client, configuration in
            let sender = try await Compose.login(client, ComposeAccounts.sender)
            let recipient = try await Compose.login(client, ComposeAccounts.recipient)
            let png = HTMLComposeStackTests.png
            let image = try await Compose.upload(client, token: sender, filename: "붙여넣은그림.png", contentType: "image/png", data: png)
            let subject = Compose.unique("예약 HTML 그림")
            let queued = try await Compose.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject,
                "html": "<p>그림을 붙였습니다.</p><p><img src=\"cid:pasted.1@zioinfo\" alt=\"그림\"></p>",
                "attachments": [["id": image, "inline": true, "content_id": "pasted.1@zioinfo"]],
                "send_at": OutboxSchedule.format(Date().addingTimeInterval(86_400)),
            ])
            #expect(queued.status == .accepted, "\(queued.text)")
            // The upload is spent: the message waits whole in the outbox, not as a reference to it.
            let restarted = try OutboxStackTests.instance(configuration)
            #expect(try await restarted.sendDue(now: { Date().addingTimeInterval(86_400 + 60) }) == 1)

            let (_, message) = try await HTMLComposeStackTests.received(client, token: recipient, subject: subject)
            #expect(HTMLComposeStackTests.shape(message.root) == "multipart/alternative(text/plain, multipart/related(text/html, image/png))")
            let body = try #require(message.htmlBody)
            #expect(HTMLComposeStackTests.contentIDs(in: body) == ["pasted.1@zioinfo"])
            #expect(message.root.allParts.first { $0.contentID == "pasted.1@zioinfo" }?.decodedBody == png)
            #expect(try await Compose.search(client, token: sender, folder: "Sent", subject: subject).count == 1)
            #expect(try await Compose.search(client, token: recipient, folder: "INBOX", subject: subject).count == 1)
        }
    }
}
