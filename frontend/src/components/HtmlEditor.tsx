// The compose window's HTML editor: a lazy chunk, loaded when a form opens in HTML mode.
//
// Why our own editor on `contenteditable` (+ the browser's editing commands, + DOMPurify), not a
// library (issue 28's choice, decided 2026-12-07):
// - Licence and supply: no npm registry here. TinyMCE 7 and CKEditor 5 (PyPI wheels) are GPL, which
//   the company's product cannot ship; Debian's node-prosemirror-* lack history, keymap and
//   commands (we would write those ourselves anyway); the Tiptap wheel (MIT) bundles ProseMirror.
// - Size: the whole app may grow to 140 KB gzip with every lazy chunk and is at ~107: ProseMirror's
//   model+view+state+transform alone are ~55 KB gzip, TinyMCE/CKEditor 150+ KB. This chunk is a few KB.
// - Paste fidelity: a schema editor (ProseMirror, CKEditor) keeps only what its schema knows;
//   Excel's and HWP's tables lose colspan/rowspan, borders and fills unless each is modelled.
//   `contenteditable` keeps any markup DOMPurify lets through, so a 결재 table pastes as it looked.
// - IME: the browser's own composition handling is the reference; React never renders into the
//   editable element (it is filled once), and nothing reads or rewrites the DOM while a
//   composition is open (`isComposing`): no syllable is lost or doubled.
// The cost: `document.execCommand` is deprecated-but-universal; its undo stack does not see the
// table operations (they are DOM edits).
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { useApp } from "../context";
import { cidKey } from "../lib/cid";
import { cleanPastedHtml, newContentId, quoteHtml, messageBodyHtml, signatureHtml, textToHtml, CID_ATTRIBUTE } from "../lib/composeHtml";
import type { ComposeForm } from "../store/composeForm";
import type { ComposeFormStore } from "../store/composeFormStore";
import type { EditorServices } from "./Compose";
import { addEditorStyles } from "./editorStyles";
import { editorText, type EditorTextKey } from "./editorText";

interface Props {
  store: ComposeFormStore;
  ids: string;
  autoFocus: boolean;
  services: EditorServices;
}

const FONTS = ["맑은 고딕", "굴림", "돋움", "바탕", "Arial", "Times New Roman", "Courier New"];
const SIZES: [string, EditorTextKey][] = [["2", "sizeSmall"], ["3", "sizeDefault"], ["5", "sizeLarge"], ["6", "sizeHuge"]];

function exec(command: string, value?: string): void {
  document.execCommand(command, false, value);
}

/** The table cell the caret is in, or null. */
function caretCell(root: HTMLElement): HTMLTableCellElement | null {
  const node = window.getSelection()?.anchorNode ?? null;
  const el = node instanceof Element ? node : node?.parentElement ?? null;
  const cell = el?.closest("td, th") ?? null;
  return cell instanceof HTMLTableCellElement && root.contains(cell) ? cell : null;
}

function emptyCell(like: HTMLTableCellElement): HTMLTableCellElement {
  const cell = document.createElement(like.tagName.toLowerCase() as "td");
  const style = like.getAttribute("style");
  if (style) cell.setAttribute("style", style);
  cell.innerHTML = "<br>";
  return cell;
}

/** A new 3×3 table: explicit widths and borders, as Outlook needs them. */
function tableHtml(): string {
  const cell = '<td style="border:1px solid #999;padding:4px 6px;min-width:60px"><br></td>';
  const row = `<tr>${cell.repeat(3)}</tr>`;
  return `<table style="border-collapse:collapse;border:1px solid #999" width="480" cellpadding="4"><tbody>${row.repeat(3)}</tbody></table><div><br></div>`;
}

/** The editor's starting HTML: what the form's text says above any quote (signature as HTML), then the quote. */
function initialHtml(form: ComposeForm, store: ComposeFormStore, app: ReturnType<typeof useApp>, services: EditorServices): string {
  const language = app.language.state.language;
  const { quotedBody, signatureBlock, signatureOf } = services;
  let text = form.text;
  const origin = form.htmlOrigin;
  let quote = "";
  if (origin) {
    const { message, folder } = origin;
    const cids = new Map<string, string>();
    for (const a of message.attachments) if (a.content_id) cids.set(cidKey(a.content_id), app.api.attachmentUrl(folder, message.uid, a.part));
    const reader = app.reader.state;
    const context = {
      language,
      formatAddress: services.formatAddress,
      formatDate: (date: string | null | undefined) => services.formatFullDate(date, language),
      forwardedHeader: app.t("forwardedHeader"),
      partUrl: (key: string) => cids.get(key) ?? null,
      allowRemote: reader.folder === folder && reader.openUid === message.uid && services.isRemoteAllowed(reader),
    };
    if (form.mode === "draft") return messageBodyHtml(message, context);
    const plainQuote = quotedBody(message, form.mode, language);
    if (text.endsWith(plainQuote)) text = text.slice(0, text.length - plainQuote.length);
    quote = quoteHtml(message, form.mode === "forward", context);
  }
  const signatureId = signatureOf(store);
  const signature = app.settings.state.settings.signatures.find((s) => s.id === signatureId) ?? null;
  let own = textToHtml(text.replace(/\n+$/, "") || "");
  if (signature) {
    const block = signatureBlock(signature);
    const at = text.indexOf(block);
    if (at >= 0) {
      const before = text.slice(0, at);
      own = `${textToHtml(before || "")}<div><br></div>${signatureHtml(signature.html || textToHtml(signature.text))}`;
    }
  }
  return quote ? `${own}<div><br></div>${quote}` : own;
}

export default function HtmlEditor({ store, ids, autoFocus, services }: Props) {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const t = (key: EditorTextKey) => editorText(language, key);
  const editor = useRef<HTMLDivElement>(null);
  const saved = useRef<Range | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [confirmPlain, setConfirmPlain] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // Filled once: React never renders into the editable element (IME compositions stay untouched).
  useEffect(() => {
    addEditorStyles();
    const el = editor.current;
    const form = store.state.compose;
    if (!el || !form) return;
    if (form.html !== null) el.innerHTML = form.html;
    else {
      el.innerHTML = initialHtml(form, store, app, services);
      store.preset({ html: el.innerHTML, htmlOrigin: null });
    }
    exec("styleWithCSS", "true");
    if (autoFocus) {
      el.focus();
      const range = document.createRange();
      range.setStart(el.firstElementChild ?? el, 0); // in the first line, not before it
      range.collapse(true);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    // The selection inside the editor, kept for the toolbar's selects, colour pickers and link popup.
    const onSelection = () => {
      const selection = window.getSelection();
      const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
      if (range && editor.current?.contains(range.commonAncestorContainer)) saved.current = range.cloneRange();
    };
    document.addEventListener("selectionchange", onSelection);
    return () => document.removeEventListener("selectionchange", onSelection);
  }, []);

  // The From line's signature picker (store/composeSignature) changed the signature: swap it here too.
  const signatureId = services.signatureOf(store);
  const shownSignature = useRef(signatureId);
  useEffect(() => {
    const el = editor.current;
    if (!el || shownSignature.current === signatureId) return;
    shownSignature.current = signatureId;
    const signature = app.settings.state.settings.signatures.find((s) => s.id === signatureId) ?? null;
    const old = el.querySelector("[data-zm-signature]");
    const fresh = signature ? document.createRange().createContextualFragment(signatureHtml(signature.html || textToHtml(signature.text))) : null;
    if (old && fresh) old.replaceWith(fresh);
    else if (old) old.remove();
    else if (fresh) {
      // Above the quote (its header block), else at the end.
      const quote = el.querySelector("blockquote")?.previousElementSibling ?? null;
      if (quote) quote.before(fresh);
      else el.append(fresh);
    }
    changed();
  });

  const changed = () => {
    const el = editor.current;
    if (el) store.update({ html: el.innerHTML });
  };

  /** Back into the editor with the selection it had (a select or colour picker took the focus). */
  const restore = () => {
    const el = editor.current;
    if (!el) return;
    const current = window.getSelection();
    // The selection is still in the editor (a shortcut, a toolbar button that kept the focus): it is
    // the newest one (selectionchange, which updates `saved`, comes later).
    if (current?.rangeCount && el.contains(current.getRangeAt(0).commonAncestorContainer)) {
      saved.current = current.getRangeAt(0).cloneRange(); // for the link popup, which takes the focus next
      return el.focus();
    }
    el.focus();
    if (saved.current) {
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(saved.current);
    }
  };

  const run = (command: string, value?: string) => {
    restore();
    exec(command, value);
    changed();
  };

  const tableEdit = (edit: "rowAdd" | "rowRemove" | "columnAdd" | "columnRemove") => {
    const el = editor.current;
    restore();
    const cell = el ? caretCell(el) : null;
    const row = cell?.parentElement;
    const table = cell?.closest("table");
    if (!cell || !(row instanceof HTMLTableRowElement) || !table) return;
    const index = cell.cellIndex;
    if (edit === "rowAdd") {
      const fresh = document.createElement("tr");
      for (const c of Array.from(row.cells)) fresh.appendChild(emptyCell(c));
      row.after(fresh);
    } else if (edit === "rowRemove") {
      if (table.rows.length > 1) row.remove();
      else table.remove();
    } else {
      for (const r of Array.from(table.rows)) {
        const at = r.cells[Math.min(index, r.cells.length - 1)];
        if (!at) continue;
        if (edit === "columnAdd") at.after(emptyCell(at));
        else if (r.cells.length > 1) at.remove();
      }
      if (edit === "columnRemove" && Array.from(table.rows).every((r) => r.cells.length === 0)) table.remove();
    }
    changed();
  };

  const openLink = () => {
    restore();
    const anchor = window.getSelection()?.anchorNode;
    const el = anchor instanceof Element ? anchor : anchor?.parentElement;
    setLink(el?.closest("a")?.getAttribute("href") ?? "https://");
  };

  const applyLink = (href: string | null) => {
    setLink(null);
    restore();
    const anchor = window.getSelection()?.anchorNode;
    const existing = (anchor instanceof Element ? anchor : anchor?.parentElement)?.closest("a");
    if (href === null) {
      if (existing) {
        const range = document.createRange();
        range.selectNodeContents(existing);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      exec("unlink");
    } else {
      const url = /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : `https://${href.trim()}`;
      if (existing) existing.setAttribute("href", url);
      else if (window.getSelection()?.isCollapsed) exec("insertHTML", `<a href="${url.replace(/"/g, "&quot;")}">${url.replace(/</g, "&lt;")}</a>`);
      else exec("createLink", url);
    }
    changed();
  };

  const insertImages = (files: File[]): boolean => {
    const images = files.filter((f) => f.type.startsWith("image/"));
    for (const file of images) {
      const contentId = newContentId();
      if (!store.addInlineImage(file, contentId)) {
        setNotice(t("imageTooBig"));
        continue;
      }
      exec("insertHTML", `<img src="${URL.createObjectURL(file)}" ${CID_ATTRIBUTE}="${contentId}" alt="" style="max-width:100%">`);
    }
    if (images.length) changed();
    return images.length > 0;
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    const data = event.clipboardData;
    const html = data.getData("text/html");
    if (!html && data.files.length && insertImages(Array.from(data.files))) {
      event.preventDefault();
      return;
    }
    if (!html) return; // plain text: the browser inserts it as text
    event.preventDefault();
    const clean = cleanPastedHtml(html);
    for (const image of clean.images) store.addInlineImage(image.file, image.contentId);
    exec("insertHTML", clean.html);
    changed();
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const files = Array.from(event.dataTransfer.files);
    if (!files.some((f) => f.type.startsWith("image/"))) return; // other files: the window attaches them
    event.preventDefault();
    event.stopPropagation();
    const caret = document.caretRangeFromPoint?.(event.clientX, event.clientY);
    if (caret) {
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(caret);
    }
    insertImages(files);
    const others = files.filter((f) => !f.type.startsWith("image/"));
    if (others.length) store.addFiles(others);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.nativeEvent.isComposing || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const commands: Record<string, string> = { b: "bold", i: "italic", u: "underline", z: event.shiftKey ? "redo" : "undo", y: "redo" };
    if (key === "k") {
      event.preventDefault();
      openLink();
    } else if (commands[key]) {
      event.preventDefault();
      exec(commands[key]);
      changed();
    }
  };

  const toPlain = () => {
    const el = editor.current;
    setConfirmPlain(false);
    const text = services.htmlToPlainText(el?.innerHTML ?? "");
    store.update({ format: "plain", text, html: null });
  };

  const button = (label: EditorTextKey, icon: string, action: () => void, testid?: string) => (
    <button
      type="button"
      className="editor-button"
      title={t(label)}
      aria-label={t(label)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={action}
      data-testid={testid ?? `editor-${label}`}
    >
      {icon}
    </button>
  );

  return (
    <div className="html-editor">
      <div className="editor-toolbar" role="toolbar" aria-label={t("toolbar")} aria-controls={`${ids}-body`}>
        {button("bold", "B", () => run("bold"))}
        {button("italic", "I", () => run("italic"))}
        {button("underline", "U", () => run("underline"))}
        {button("strike", "S", () => run("strikeThrough"))}
        <select aria-label={t("font")} title={t("font")} defaultValue="" onChange={(e) => e.target.value && run("fontName", e.target.value)} data-testid="editor-font">
          <option value="">{t("fontDefault")}</option>
          {FONTS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <select aria-label={t("size")} title={t("size")} defaultValue="3" onChange={(e) => run("fontSize", e.target.value)} data-testid="editor-size">
          {SIZES.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
        <input type="color" aria-label={t("color")} title={t("color")} defaultValue="#c00000" onChange={(e) => run("foreColor", e.target.value)} data-testid="editor-color" />
        <input type="color" aria-label={t("highlight")} title={t("highlight")} defaultValue="#ffff00" onChange={(e) => run("hiliteColor", e.target.value)} data-testid="editor-highlight" />
        {button("alignLeft", "⇤", () => run("justifyLeft"))}
        {button("alignCenter", "≡", () => run("justifyCenter"))}
        {button("alignRight", "⇥", () => run("justifyRight"))}
        {button("bullets", "•", () => run("insertUnorderedList"))}
        {button("numbers", "1.", () => run("insertOrderedList"))}
        {button("outdent", "⇠", () => run("outdent"))}
        {button("indent", "⇢", () => run("indent"))}
        {button("link", "🔗", openLink)}
        {button("quote", "❝", () => run("formatBlock", "blockquote"))}
        {button("rule", "―", () => run("insertHorizontalRule"))}
        {button("tableInsert", "▦", () => run("insertHTML", tableHtml()))}
        {button("rowAdd", "+⎯", () => tableEdit("rowAdd"))}
        {button("rowRemove", "−⎯", () => tableEdit("rowRemove"))}
        {button("columnAdd", "+|", () => tableEdit("columnAdd"))}
        {button("columnRemove", "−|", () => tableEdit("columnRemove"))}
        {button("clear", "T̸", () => run("removeFormat"))}
        {button("undo", "↶", () => run("undo"))}
        {button("redo", "↷", () => run("redo"))}
        <button type="button" className="editor-mode" onClick={() => setConfirmPlain(true)} data-testid="editor-to-plain">
          {t("toPlain")}
        </button>
      </div>
      {confirmPlain && (
        <div className="confirm" role="alertdialog" aria-label={t("toPlainConfirm")}>
          <span>{t("toPlainConfirm")}</span>
          <button type="button" className="danger" onClick={toPlain} data-testid="editor-to-plain-yes" autoFocus>
            {t("toPlainYes")}
          </button>
          <button type="button" onClick={() => setConfirmPlain(false)}>
            {t("cancel")}
          </button>
        </div>
      )}
      {link !== null && (
        <div className="editor-link" role="dialog" aria-label={t("linkUrl")}>
          <input
            type="url"
            aria-label={t("linkUrl")}
            defaultValue={link}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                applyLink(e.currentTarget.value);
              } else if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setLink(null);
                restore();
              }
            }}
            data-testid="editor-link-url"
          />
          <button type="button" onClick={(e) => applyLink((e.currentTarget.previousElementSibling as HTMLInputElement).value)} data-testid="editor-link-apply">
            {t("linkApply")}
          </button>
          <button type="button" onClick={() => applyLink(null)}>
            {t("linkRemove")}
          </button>
        </div>
      )}
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      <div
        ref={editor}
        id={`${ids}-body`}
        className="editor-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={app.t("body")}
        spellCheck
        onInput={(e) => {
          if (!(e.nativeEvent as InputEvent).isComposing) changed();
        }}
        onCompositionEnd={changed}
        onPaste={onPaste}
        onDrop={onDrop}
        onKeyDown={onKeyDown}
        data-testid="html-editor"
      />
    </div>
  );
}
