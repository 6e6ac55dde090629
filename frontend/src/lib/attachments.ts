// Which parts of a message are files to the reader: what the view lists for download and what a
// forward or a reopened draft carries. Inline parts with a Content-ID are the HTML body's images.
import type { AttachmentInfo, Message } from "../api/types";

export function fileAttachments(message: Message): AttachmentInfo[] {
  return message.attachments.filter((a) => !a.inline || !a.content_id);
}

/** How the preview route shows a file, as the server decides it (declared type; a generic one by extension). */
export type PreviewKind = "image" | "pdf" | "text";

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function previewKind(a: AttachmentInfo): PreviewKind | null {
  let type = a.content_type.split(";")[0].trim().toLowerCase();
  if (type === "application/octet-stream" || type === "") {
    type = ({ png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", pdf: "application/pdf", txt: "text/plain" } as Record<string, string>)[extension(a.filename)] ?? "";
  }
  if (/^image\/(png|jpe?g|pjpeg|gif|webp)$/.test(type)) return "image";
  if (type === "application/pdf" || type === "application/x-pdf") return "pdf";
  return type === "text/plain" ? "text" : null;
}

/** The file-type badge: a short label by type or extension (styles.css colours it by kind). */
export function fileBadge(a: AttachmentInfo): string {
  const ext = extension(a.filename);
  const kind = previewKind(a);
  if (kind === "image") return "IMG";
  if (kind) return kind === "pdf" ? "PDF" : "TXT";
  for (const [label, exts] of [["DOC", "doc docx odt rtf"], ["XLS", "xls xlsx ods csv"], ["PPT", "ppt pptx odp"], ["HWP", "hwp hwpx"], ["ZIP", "zip 7z gz tar rar alz egg"]]) {
    if (exts.split(" ").includes(ext)) return label;
  }
  return a.content_type.startsWith("image/") ? "IMG" : "FILE";
}
