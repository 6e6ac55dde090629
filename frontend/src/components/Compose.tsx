// The compose modal: recipients with validation (pieces that are not addresses are marked once the
// field is left) and suggestions, subject, body, attachments by picker or drag-and-drop, each
// uploaded at once with its progress on its chip (a forward and a reopened draft start with the
// original's attachments as chips), within the size limit shown; send with a clear result; the
// draft saves itself (its status shown), × and Esc close keeping it, 버리기 discards (asked first);
// leaving the page with unsaved changes asks the browser's question.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { Address } from "../api/types";
import { useApp } from "../context";
import { completeLastToken, formatAddress, lastToken, parseAddressList } from "../lib/address";
import { formatClock, formatSize } from "../lib/dateFormat";
import { attachedBytes, hasContent, type AddressField, type ComposeAttachment, type ComposeForm } from "../store/composeForm";

function AddressInput({ field, form, autoFocus }: { field: AddressField; form: ComposeForm; autoFocus?: boolean }) {
  const app = useApp();
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  const value = form[field];
  const suggestions: Address[] = focused ? app.session.suggestAddresses(lastToken(value)) : [];
  const listId = `suggest-${field}`;
  // Marked once the field is left, not while the last piece is being typed.
  const invalid = focused ? [] : parseAddressList(value).invalid;
  const errorId = `compose-${field}-error`;
  const choose = (address: Address) => {
    app.compose.update({ [field]: completeLastToken(value, address) });
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (suggestions.length === 0) return;
    if (event.key === "ArrowDown") setActive((active + 1) % suggestions.length);
    else if (event.key === "ArrowUp") setActive((active - 1 + suggestions.length) % suggestions.length);
    else if (event.key === "Enter" || event.key === "Tab") {
      const pick = suggestions[active];
      if (!pick || event.key === "Tab" && event.shiftKey) return;
      choose(pick);
    } else return;
    event.preventDefault();
  };
  return (
    <div className="field">
      <label htmlFor={`compose-${field}`}>{app.t(field)}</label>
      <div className="suggest-wrap">
        <input
          id={`compose-${field}`}
          name={field}
          type="text"
          autoComplete="off"
          autoFocus={autoFocus}
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={suggestions.length ? `${listId}-${active}` : undefined}
          aria-invalid={invalid.length > 0 || undefined}
          aria-describedby={invalid.length ? errorId : undefined}
          value={value}
          onChange={(e) => app.compose.update({ [field]: e.target.value })}
          onFocus={() => setFocused(true)}
          onBlur={() => setTimeout(() => setFocused(false), 150)}
          onKeyDown={onKeyDown}
        />
        {suggestions.length > 0 && (
          <ul id={listId} role="listbox" className="suggestions" aria-label={app.t("suggestions")}>
            {suggestions.map((a, i) => (
              <li
                key={a.email}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(a);
                }}
              >
                {formatAddress(a)}
              </li>
            ))}
          </ul>
        )}
        {invalid.length > 0 && (
          <p id={errorId} className="field-error" data-testid={`invalid-${field}`}>
            {app.t("invalidAddresses", { list: invalid.join(", ") })}
          </p>
        )}
      </div>
    </div>
  );
}

/** Where the draft is: saving, saved at HH:MM, or not saved (and why). */
function DraftStatusLine() {
  const app = useApp();
  const status = app.compose.use((s) => s.draftStatus);
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

function AttachmentChip({ chip }: { chip: ComposeAttachment }) {
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
      <button type="button" className="icon-button" aria-label={app.t("removeAttachment", { name: chip.name })} onClick={() => app.compose.removeAttachment(chip.key)}>
        ×
      </button>
    </li>
  );
}

export function Compose() {
  const app = useApp();
  const form = app.compose.use((s) => s.compose);
  const attachmentLimit = app.compose.use((s) => s.attachmentLimit);
  app.language.use((s) => s.language);
  const [confirming, setConfirming] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [showCc, setShowCc] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const opener = useRef<Element | null>(typeof document === "undefined" ? null : document.activeElement);

  useEffect(() => {
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement) back.focus(); // return focus where it was
    };
  }, []);

  useEffect(() => {
    // Reload, closing the tab, typing another address: the browser asks while changes are unsaved.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!app.compose.hasUnsavedChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [app]);

  if (!form) return null;
  const sending = form.sendProgress !== null;
  const used = attachedBytes(form.attachments);
  const uploading = form.attachments.some((a) => a.progress !== null);

  const addFiles = (files: FileList | null) => {
    if (files) app.compose.addFiles(Array.from(files));
  };
  const requestClose = () => void app.compose.closeKeeping();
  const requestDiscard = () => {
    if (hasContent(form) && (form.dirty || form.draftUid !== null)) setConfirming(true);
    else app.compose.close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      if (confirming) setConfirming(false);
      else requestClose();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void app.compose.send();
    } else if (event.key === "Tab" && dialog.current) {
      // keep focus inside the modal
      const focusable = dialog.current.querySelectorAll<HTMLElement>("button, input, textarea, select, [tabindex]:not([tabindex='-1'])");
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };
  const title = form.mode === "new" ? app.t("newMessage") : form.subject || app.t("newMessage");

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className={`compose${dragging ? " dragging" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="compose-title"
        onKeyDown={onKeyDown}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="compose-dialog"
      >
        <header className="compose-header">
          <h2 id="compose-title">{title}</h2>
          <button type="button" className="icon-button" aria-label={app.t("close")} onClick={requestClose}>
            ×
          </button>
        </header>
        <form
          className="compose-form"
          onSubmit={(e) => {
            e.preventDefault();
            void app.compose.send();
          }}
          aria-busy={sending}
        >
          <AddressInput field="to" form={form} autoFocus={form.mode === "new" || form.mode === "forward"} />
          {showCc || form.cc || form.bcc ? (
            <>
              <AddressInput field="cc" form={form} />
              <AddressInput field="bcc" form={form} />
            </>
          ) : (
            <button type="button" className="link-button" onClick={() => setShowCc(true)}>
              {app.t("cc")} / {app.t("bcc")}
            </button>
          )}
          <div className="field">
            <label htmlFor="compose-subject">{app.t("subject")}</label>
            <input id="compose-subject" name="subject" type="text" value={form.subject} onChange={(e) => app.compose.update({ subject: e.target.value })} />
          </div>
          <label htmlFor="compose-body" className="visually-hidden">
            {app.t("body")}
          </label>
          <textarea
            id="compose-body"
            name="body"
            value={form.text}
            autoFocus={form.mode === "reply" || form.mode === "replyAll" || form.mode === "draft"}
            onFocus={(e) => {
              if (form.mode !== "new" && !form.dirty) e.target.setSelectionRange(0, 0);
            }}
            onChange={(e) => app.compose.update({ text: e.target.value })}
          />
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
            <span className="size-limit">
              {app.t("sizeLimit", { used: formatSize(used), limit: formatSize(attachmentLimit) })}
            </span>
          </div>
          {form.attachments.length > 0 && (
            <ul className="compose-attachments">
              {form.attachments.map((chip) => (
                <AttachmentChip key={chip.key} chip={chip} />
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
            <div className="confirm" role="alertdialog" aria-labelledby="discard-question">
              <span id="discard-question">{app.t(form.draftUid !== null ? "discardDraftConfirm" : "discardConfirm")}</span>
              <button type="button" className="danger" onClick={() => void app.compose.discard()} autoFocus>
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
              <button type="button" disabled={sending} onClick={() => void app.compose.saveDraft()}>
                {app.t("saveDraft")}
              </button>
              <button type="button" disabled={sending} onClick={requestDiscard} data-testid="discard">
                {app.t("discard")}
              </button>
              <DraftStatusLine />
            </footer>
          )}
        </form>
      </div>
    </div>
  );
}
