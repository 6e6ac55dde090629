// The reader's attachments: a file-type badge or, for images, a thumbnail (the preview route,
// scaled by the browser, loaded lazily); images, PDF and text open in an overlay; 모두 받기 is
// one zip from the server.
import { useState } from "react";
import type { AttachmentInfo, Message } from "../api/types";
import { useApp } from "../context";
import { fileBadge, previewKind } from "../lib/attachments";
import { formatSize } from "../lib/dateFormat";

/** Images up to this size get a thumbnail; bigger ones a badge (the browser would load them whole). */
const THUMBNAIL_LIMIT = 3 * 1024 * 1024;

function PreviewOverlay({ file, url, onClose }: { file: AttachmentInfo; url: string; onClose: () => void }) {
  const app = useApp();
  const title = app.t("previewOf", { name: file.filename });
  const kind = previewKind(file);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="preview-overlay"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="attachment-preview"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.preventDefault();
          onClose();
        }}
      >
        <header className="compose-header">
          <h2>{file.filename}</h2>
          <button type="button" className="icon-button" aria-label={app.t("close")} onClick={onClose} autoFocus>
            ×
          </button>
        </header>
        {kind === "image" ? (
          <img src={url} alt={file.filename} />
        ) : (
          // The server's CSP sandboxes both. A sandboxed frame would also keep the text's frame
          // script-free, but Chromium blocks its PDF viewer in one: the PDF relies on the CSP.
          <iframe src={url} title={title} sandbox={kind === "text" ? "" : undefined} />
        )}
      </div>
    </div>
  );
}

export function AttachmentList({ message, files }: { message: Message; files: AttachmentInfo[] }) {
  const app = useApp();
  const [open, setOpen] = useState<AttachmentInfo | null>(null);
  return (
    <section className="attachments" aria-label={app.t("attachments")}>
      <h3>
        {app.t("attachments")}{" "}
        {files.length > 1 && (
          <a href={app.reader.zipUrl(message.uid)} download="" data-testid="download-all">
            {app.t("downloadAll")}
          </a>
        )}
      </h3>
      <ul>
        {files.map((a) => {
          const kind = previewKind(a);
          const badge = fileBadge(a);
          return (
            <li key={a.part}>
              {kind === "image" && a.size <= THUMBNAIL_LIMIT ? (
                <img className="thumbnail" src={app.reader.previewUrl(message.uid, a.part)} alt="" loading="lazy" data-testid="thumbnail" />
              ) : (
                <span className="file-badge" data-kind={badge} aria-hidden="true">
                  {badge}
                </span>
              )}
              <a href={app.reader.attachmentUrl(message.uid, a.part)} download="" data-testid="attachment">
                {a.filename || a.part}
              </a>{" "}
              <span className="size">({formatSize(a.size)})</span>
              {kind && (
                <button type="button" className="link-button" onClick={() => setOpen(a)} data-testid="preview-button">
                  {app.t("preview")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {open && <PreviewOverlay file={open} url={app.reader.previewUrl(message.uid, open.part)} onClose={() => setOpen(null)} />}
    </section>
  );
}
