// The compose windows, docked at the bottom right (like Gmail) so the list and the reader stay
// usable: each with a title bar (its subject) to minimise, maximise to the whole page or close it;
// up to three side by side, each its own form (store/composeFormStore); at phone width a window
// fills the screen. In each: recipients as chips with suggestions (RecipientField), subject, body, attachments by picker or drag-and-drop, each
// uploaded at once with its progress on its chip (a forward and a reopened draft start with the
// original's attachments as chips), within the size limit shown; send with a clear result; the
// draft saves itself (its status shown), × and Esc close keeping it, 버리기 discards (asked first);
// leaving the page with unsaved changes asks the browser's question.
import { lazy, Suspense, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useApp } from "../context";
import { formatAddress } from "../lib/address";
import { formatClock, formatFullDate, formatSize } from "../lib/dateFormat";
import { htmlToPlainText, quotedBody } from "../lib/quote";
import { signatureBlock } from "../lib/signature";
import { attachedBytes, hasContent, type ComposeAttachment } from "../store/composeForm";
import type { ComposeFormStore } from "../store/composeFormStore";
import { signatureOf } from "../store/composeSignature";
import type { ComposeWindow } from "../store/composeStore";
import { ReaderStore } from "../store/readerStore";
import { ComposeFromLine } from "./ComposeFromLine";
import { RecipientField } from "./RecipientField";
import { ScheduleSendMenu } from "./ScheduleSendMenu";

// The HTML editor is a chunk of its own: loaded when a form first opens in HTML mode.
const HtmlEditor = lazy(() => import("./HtmlEditor"));

/**
 * What the editor's chunk uses of the app's own modules, handed over: a module that both the start
 * bundle and a lazy chunk import is split into a shared chunk of its own, which compresses worse.
 */
const editorServices = { quotedBody, htmlToPlainText, signatureBlock, signatureOf, formatAddress, formatFullDate, isRemoteAllowed: ReaderStore.isRemoteAllowed };
export type EditorServices = typeof editorServices;

/** Where the draft is: saving, saved at HH:MM, or not saved (and why). */
function DraftStatusLine({ store }: { store: ComposeFormStore }) {
  const app = useApp();
  const status = store.use((s) => s.draftStatus);
  const text =
    status.kind === "saving"
      ? app.t("draftSaving")
      : status.kind === "saved"
        ? app.t("draftSavedAt", { time: formatClock(new Date(status.at)) })
        : status.kind === "failed"
          ? app.t("draftSaveFailed", { reason: status.reason })
          : "";
  return (
    <span className={`draft-status${status.kind === "failed" ? " error" : ""}`} role="status" data-testid="draft-status" data-state={status.kind} data-saved-at={status.kind === "saved" ? status.at : undefined}>
      {text}
    </span>
  );
}

function AttachmentChip({ chip, store }: { chip: ComposeAttachment; store: ComposeFormStore }) {
  const app = useApp();
  const state = chip.error ? "failed" : chip.progress !== null ? "uploading" : "done";
  return (
    <li className={state} data-testid="attachment-chip" data-state={state}>
      <span className="name">{chip.name}</span> <span className="size">({formatSize(chip.size)})</span>
      {chip.progress !== null && <progress max={1} value={chip.progress} aria-label={chip.name} />}
      {chip.error && (
        <span className="error" role="alert">
          {chip.error}
        </span>
      )}
      <button type="button" className="icon-button" aria-label={app.t("removeAttachment", { name: chip.name })} onClick={() => store.removeAttachment(chip.key)}>
        ×
      </button>
    </li>
  );
}

/** One compose window (the dock, components/ComposeDock, loads this chunk when the first opens). */
export function ComposeWindowView({ win, maximized, ids }: { win: ComposeWindow; maximized: boolean; ids: string }) {
  const app = useApp();
  const store = win.form;
  const form = store.use((s) => s.compose);
  const attachmentLimit = app.compose.use((s) => s.attachmentLimit);
  app.language.use((s) => s.language);
  const [confirming, setConfirming] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [showCc, setShowCc] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const opener = useRef<Element | null>(typeof document === "undefined" ? null : document.activeElement);

  useEffect(() => {
    const back = opener.current;
    return () => {
      // Return focus where it was, unless the user has moved on to something else meanwhile.
      const here = document.activeElement;
      if (back instanceof HTMLElement && back.isConnected && (here === null || here === document.body)) back.focus();
    };
  }, []);

  if (!form) return null;
  const sending = form.sendProgress !== null;
  const used = attachedBytes(form.attachments);
  const uploading = form.attachments.some((a) => a.progress !== null);
  const props = { store, ids };

  const addFiles = (files: FileList | null) => {
    if (files) store.addFiles(Array.from(files));
  };
  const requestClose = () => void app.compose.close(win.id);
  const requestDiscard = () => {
    if (hasContent(form) && (form.dirty || form.draftUid !== null)) setConfirming(true);
    else store.close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      if (confirming) setConfirming(false);
      else if (maximized) app.compose.maximize(null);
      else requestClose();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void store.send();
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };
  const title = form.subject.trim() || app.t("newMessage");
  const state = maximized ? "maximized" : win.minimized ? "minimized" : "docked";

  return (
    <div
      className={`compose compose-${state}${dragging ? " dragging" : ""}`}
      role="dialog"
      aria-labelledby={`${ids}-title`}
      onKeyDown={onKeyDown}
      onFocus={() => app.compose.state.focused !== win.id && app.compose.focus(win.id)}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="compose-dialog"
      data-state={state}
    >
      <header className="compose-header">
        <h2 id={`${ids}-title`}>
          <button type="button" className="compose-title" aria-expanded={!win.minimized} onClick={() => app.compose.minimize(win.id, !win.minimized)} data-testid="compose-title">
            {title}
          </button>
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={app.t(win.minimized ? "restoreWindow" : "minimize")}
          title={app.t(win.minimized ? "restoreWindow" : "minimize")}
          onClick={() => app.compose.minimize(win.id, !win.minimized)}
          data-testid="compose-minimize"
        >
          {win.minimized ? "▴" : "▁"}
        </button>
        <button
          type="button"
          className="icon-button compose-maximize"
          aria-label={app.t(maximized ? "unmaximize" : "maximize")}
          title={app.t(maximized ? "unmaximize" : "maximize")}
          onClick={() => app.compose.maximize(maximized ? null : win.id)}
          data-testid="compose-maximize"
        >
          {maximized ? "⤡" : "⤢"}
        </button>
        <button type="button" className="icon-button" aria-label={app.t("close")} title={app.t("close")} onClick={requestClose} data-testid="compose-close">
          ×
        </button>
      </header>
      <form
        className="compose-form"
        hidden={win.minimized && !maximized}
        onSubmit={(e) => {
          e.preventDefault();
          void store.send();
        }}
        aria-busy={sending}
      >
        <ComposeFromLine store={store} />
        <RecipientField {...props} field="to" value={form.to} autoFocus={form.mode === "new" || form.mode === "forward"} />
        {showCc || form.cc || form.bcc ? (
          <>
            <RecipientField {...props} field="cc" value={form.cc} />
            <RecipientField {...props} field="bcc" value={form.bcc} />
          </>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowCc(true)}>
            {app.t("cc")} / {app.t("bcc")}
          </button>
        )}
        <div className="field">
          <label htmlFor={`${ids}-subject`}>{app.t("subject")}</label>
          <input id={`${ids}-subject`} name="subject" type="text" value={form.subject} onChange={(e) => store.update({ subject: e.target.value })} />
        </div>
        <label htmlFor={`${ids}-body`} className="visually-hidden">
          {app.t("body")}
        </label>
        {form.format === "html" ? (
          <Suspense fallback={<div className="editor-loading" />}>
            <HtmlEditor store={store} ids={ids} services={editorServices} autoFocus={form.mode === "reply" || form.mode === "replyAll" || form.mode === "draft"} />
          </Suspense>
        ) : (
          <>
            <textarea
              id={`${ids}-body`}
              name="body"
              value={form.text}
              autoFocus={form.mode === "reply" || form.mode === "replyAll" || form.mode === "draft"}
              onFocus={(e) => {
                if (form.mode !== "new" && !form.dirty) e.target.setSelectionRange(0, 0);
              }}
              onChange={(e) => store.update({ text: e.target.value })}
            />
            <button type="button" className="link-button format-switch" onClick={() => store.update({ format: "html", html: null })} data-testid="to-html">
              {app.t("useFormatting")}
            </button>
          </>
        )}
        <div className="attach-zone">
          <button type="button" onClick={() => fileInput.current?.click()}>
            📎 {app.t("attach")}
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = ""; // the same file can be picked again after removing it
            }}
            data-testid="file-input"
          />
          <span className="drop-hint">{app.t("dropFiles")}</span>
          <span className="size-limit">{app.t("sizeLimit", { used: formatSize(used), limit: formatSize(attachmentLimit) })}</span>
        </div>
        {form.attachments.some((a) => !a.contentId) && (
          <ul className="compose-attachments">
            {form.attachments.filter((a) => !a.contentId).map((chip) => (
              <AttachmentChip key={chip.key} chip={chip} store={store} />
            ))}
          </ul>
        )}
        {form.error && (
          <p className="error" role="alert" data-testid="compose-error">
            {form.error}
          </p>
        )}
        {sending && (
          <div className="progress" role="status">
            <progress />
            <span>{app.t("sending")}</span>
          </div>
        )}
        {confirming ? (
          <div className="confirm" role="alertdialog" aria-labelledby={`${ids}-discard-question`}>
            <span id={`${ids}-discard-question`}>{app.t(form.draftUid !== null ? "discardDraftConfirm" : "discardConfirm")}</span>
            <button type="button" className="danger" onClick={() => void store.discard()} autoFocus>
              {app.t("discardYes")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {app.t("keepWriting")}
            </button>
          </div>
        ) : (
          <footer className="compose-actions">
            <button type="submit" className="primary" disabled={sending || uploading} data-testid="send">
              {app.t("send")}
            </button>
            <ScheduleSendMenu store={store} disabled={sending || uploading} />
            <button type="button" disabled={sending} onClick={() => void store.saveDraft()}>
              {app.t("saveDraft")}
            </button>
            <button type="button" disabled={sending} onClick={requestDiscard} data-testid="discard">
              {app.t("discard")}
            </button>
            <DraftStatusLine store={store} />
          </footer>
        )}
      </form>
    </div>
  );
}
