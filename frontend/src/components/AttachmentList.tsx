// The reader's attachments: a file-type badge or, for images, a thumbnail (the preview route,
// scaled by the browser, loaded lazily); images, PDF and text open in an overlay (text as text in
// the app, decoded by the server from its charset); 모두 받기 is one zip from the server.
import { useEffect, useState } from "react";
import type { AttachmentInfo, Message } from "../api/types";
import { useApp } from "../context";
import { fileBadge, previewKind } from "../lib/attachments";
import { formatSize } from "../lib/dateFormat";

/** Images up to this size get a thumbnail; bigger ones a badge (the browser would load them whole). */
const THUMBNAIL_LIMIT = 3 * 1024 * 1024;

/** A text attachment as text, not in a frame (so it takes the app's font and wraps); a big one's start, with a note. */
function TextPreview({ uid, file }: { uid: number; file: AttachmentInfo }) {
  const app = useApp();
  const [shown, setShown] = useState<{ text: string; truncated: boolean } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    app.reader.previewText(uid, file.part).then(
      (answer) => live && setShown(answer),
      (error: unknown) => live && setShown({ error: app.notices.describe(error) }),
    );
    return () => {
      live = false;
    };
  }, [app, uid, file.part]);
  if (!shown) return <p aria-busy="true">{app.t("loading")}</p>;
  if ("error" in shown) return <p className="error" role="alert">{shown.error}</p>;
  return (
    <>
      {shown.truncated && (
        <p className="preview-note" data-testid="preview-truncated">
          {app.t("previewTruncated")}{" "}
          <a href={app.reader.attachmentUrl(uid, file.part)} download="">
            {app.t("downloadWhole")}
          </a>
        </p>
      )}
      <pre className="text-preview" data-testid="text-preview">
        {shown.text}
      </pre>
    </>
  );
}

function PreviewOverlay({ uid, file, url, onClose }: { uid: number; file: AttachmentInfo; url: string; onClose: () => void }) {
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
        ) : kind === "text" ? (
          <TextPreview uid={uid} file={file} />
        ) : (
          // The server's CSP sandboxes it (Chromium blocks its PDF viewer in a sandboxed frame).
          <iframe src={url} title={title} />
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
      {open && <PreviewOverlay uid={message.uid} file={open} url={app.reader.previewUrl(message.uid, open.part)} onClose={() => setOpen(null)} />}
    </section>
  );
}
