// Which parts of a message are files to the reader: what the view lists for download and what a
// forward or a reopened draft carries. Inline parts with a Content-ID are the HTML body's images.
import type { AttachmentInfo, Message } from "../api/types";

export function fileAttachments(message: Message): AttachmentInfo[] {
  return message.attachments.filter((a) => !a.inline || !a.content_id);
}
