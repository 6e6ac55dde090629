// The HTML editor's markup work, in the editor's lazy chunk (with DOMPurify): cleaning what is
// pasted, the quote of a reply or forward, and the HTML a send or draft carries. Needs a browser
// DOM (DOMParser, constructable style sheets).
import DOMPurify from "dompurify";
import type { Address, Message, OutgoingMessage, PartReference, UploadReference } from "../api/types";
import type { ComposeForm } from "../store/composeForm";
import { cidKey } from "./cid";
import type { Language } from "./i18n";
import { precleanPastedHtml } from "./pasteClean";
import { sanitizeMailHtml } from "./sanitize";

/** The editor's images name their inline part with this attribute; a send turns it into `src="cid:…"`. */
export const CID_ATTRIBUTE = "data-zm-cid";

const PURIFY_CONFIG = {
  FORBID_TAGS: ["form", "input", "button", "textarea", "select", "option", "style", "link", "meta", "base", "iframe", "frame", "object", "embed", "svg", "math"],
  FORBID_ATTR: ["action", "class", "id"],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: [CID_ATTRIBUTE, "target"],
};

/** Markup through DOMPurify with the editor's rules (a signature's HTML, a quote). */
export function purify(html: string): string {
  return String(DOMPurify.sanitize(html, PURIFY_CONFIG));
}

/** A signature as the editor holds it: the "-- " line and its HTML, marked so the picker can swap it. */
export function signatureHtml(html: string): string {
  return `<div data-zm-signature="">-- <br>${purify(html)}</div>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text as the editor's paragraphs (switching to HTML mode, a signature, a text original). */
export function textToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return lines.map((line) => `<div>${line ? escapeHtml(line) : "<br>"}</div>`).join("");
}

/** A fresh Content-ID for an image pasted or dropped into the editor. */
export function newContentId(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${random}@zioinfo-mail`;
}

/**
 * CSS rules of `<style>` blocks written onto the elements they select, as inline styles (mail
 * readers drop `<style>`, and in the editor it would restyle the whole page): Excel's `.xl65`
 * borders and fills, a newsletter's classes. The element's own style wins over a rule's.
 */
function inlineStyleRules(root: ParentNode): void {
  const rules: CSSStyleRule[] = [];
  for (const style of Array.from(root.querySelectorAll("style"))) {
    const sheet = new CSSStyleSheet();
    try {
      sheet.replaceSync(style.textContent ?? "");
    } catch {
      continue;
    }
    style.remove();
    for (const rule of Array.from(sheet.cssRules)) if (rule instanceof CSSStyleRule) rules.push(rule);
  }
  // Later and more specific rules win (a rough specificity: ids, then classes, then types).
  const weight = (selector: string) => (selector.match(/#/g) ?? []).length * 100 + (selector.match(/[.[:]/g) ?? []).length;
  rules.sort((a, b) => weight(a.selectorText) - weight(b.selectorText));
  const fromRules = new Map<Element, string>();
  for (const rule of rules) {
    let targets: Element[];
    try {
      targets = Array.from(root.querySelectorAll(rule.selectorText));
    } catch {
      continue; // a selector this browser does not know
    }
    const declarations = Array.from(rule.style)
      .filter((name) => !name.startsWith("mso-"))
      .map((name) => `${name}:${rule.style.getPropertyValue(name)}`)
      .join(";");
    if (declarations) for (const el of targets) fromRules.set(el, `${fromRules.get(el) ?? ""}${declarations};`);
  }
  for (const [el, css] of fromRules) el.setAttribute("style", css + (el.getAttribute("style") ?? ""));
}

/** The image a data: URL holds, as a file to upload. */
function dataUrlFile(url: string, name: string): File | null {
  const m = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is.exec(url);
  if (!m) return null;
  try {
    const bytes = Uint8Array.from(atob(m[2].replace(/\s/g, "")), (c) => c.charCodeAt(0));
    return new File([bytes], `${name}.${m[1].split("/")[1].replace("jpeg", "jpg")}`, { type: m[1] });
  } catch {
    return null;
  }
}

export interface PastedImage {
  file: File;
  contentId: string;
}

/**
 * The clipboard's HTML as the editor takes it: Office's noise gone (lib/pasteClean), CSS rules as
 * inline styles, through DOMPurify (no script, handlers, `javascript:`, forms, frames); data:
 * images become files to upload as inline images (shown from a local object URL meanwhile);
 * images on the sender's disk (Word's `file:///…/clip_image001.png`) go.
 */
export function cleanPastedHtml(raw: string): { html: string; images: PastedImage[] } {
  const doc = new DOMParser().parseFromString(precleanPastedHtml(raw), "text/html");
  inlineStyleRules(doc);
  const template = document.createElement("template");
  template.innerHTML = purify(doc.body.innerHTML);
  const images: PastedImage[] = [];
  template.content.querySelectorAll("img").forEach((img, index) => {
    const src = img.getAttribute("src") ?? "";
    if (/^data:/i.test(src)) {
      const file = dataUrlFile(src, `image-${index + 1}`);
      if (!file) return img.remove();
      const contentId = newContentId();
      images.push({ file, contentId });
      img.setAttribute("src", URL.createObjectURL(file));
      img.setAttribute(CID_ATTRIBUTE, contentId);
    } else if (!/^(https?:|blob:)/i.test(src)) img.remove();
  });
  return { html: template.innerHTML, images };
}

/** The editor's HTML as a send or draft carries it: sanitized, each image of ours as `cid:`. */
export function outgoingHtml(editorHtml: string): string {
  const template = document.createElement("template");
  template.innerHTML = purify(editorHtml);
  template.content.querySelectorAll("img").forEach((img) => {
    const cid = img.getAttribute(CID_ATTRIBUTE);
    img.removeAttribute(CID_ATTRIBUTE);
    if (cid) img.setAttribute("src", `cid:${cid}`);
    else if (/^blob:/i.test(img.getAttribute("src") ?? "")) img.remove(); // an image that never uploaded
  });
  return template.innerHTML;
}

/**
 * What a quote needs to know. The app's formatting functions come as parameters: imported here,
 * their modules would be split out of the start bundle into shared chunks (which compress worse).
 */
/**
 * HTML mode's request: the plain request (store/composeForm's outgoingFrom) with the editor's HTML
 * instead of text (the server writes the text part), and the images the HTML still shows as
 * inline parts: uploads and parts of `form.source` with their Content-IDs.
 */
export function withHtml(outgoing: OutgoingMessage, form: ComposeForm): OutgoingMessage {
  const html = outgoingHtml(form.html ?? textToHtml(form.text));
  const images = form.attachments.filter((a) => a.contentId && html.includes(`cid:${a.contentId}`));
  const uploads: UploadReference[] = images.flatMap((a) => (a.uploadId && a.contentId ? [{ id: a.uploadId, inline: true as const, content_id: a.contentId }] : []));
  const parts: PartReference[] = images.flatMap((a) => (a.part && a.contentId ? [{ part: a.part, inline: true as const, content_id: a.contentId }] : []));
  const includeParts = form.source && (parts.length || outgoing.includeParts) && !outgoing.forwardAsAttachment
    ? { ...form.source, parts: [...(outgoing.includeParts?.parts ?? []), ...parts] }
    : outgoing.includeParts;
  return { ...outgoing, text: null, html, attachments: [...outgoing.attachments, ...uploads], includeParts };
}

export interface QuoteContext {
  language: Language;
  formatAddress: (address: Address) => string;
  formatDate: (date: string | null | undefined) => string;
  /** "---------- 전달된 메일 ----------" */
  forwardedHeader: string;
  /** The URL of the message's part with this Content-ID key (`cidKey`), or null. */
  partUrl: (key: string) => string | null;
  /** The reader allowed this message's remote images (else they stay blocked in the quote too). */
  allowRemote: boolean;
}

/**
 * The message's HTML (sanitized as the reader shows it, its `<style>` rules inline), or its text
 * as paragraphs; its own images shown from their part URLs, marked with their Content-ID.
 */
export function messageBodyHtml(message: Message, context: QuoteContext): string {
  if (!message.html) return textToHtml(message.text ?? "");
  const urlToCid = new Map<string, string>();
  for (const a of message.attachments) {
    if (!a.content_id) continue;
    const url = context.partUrl(cidKey(a.content_id));
    if (url) urlToCid.set(url, a.content_id.trim().replace(/^<|>$/g, ""));
  }
  const clean = sanitizeMailHtml(message.html, { allowRemote: context.allowRemote, cidUrl: context.partUrl });
  const doc = new DOMParser().parseFromString(clean.html, "text/html");
  inlineStyleRules(doc);
  doc.querySelectorAll("img").forEach((img) => {
    const cid = urlToCid.get(img.getAttribute("src") ?? "");
    if (cid) img.setAttribute(CID_ATTRIBUTE, cid);
  });
  return purify(doc.body.innerHTML);
}

/** The header block's words (Outlook's), in the editor's chunk. */
const HEADER_WORDS = {
  ko: { from: "보낸 사람", sent: "보낸 날짜", to: "받는 사람", cc: "참조", subject: "제목" },
  en: { from: "From", sent: "Sent", to: "To", cc: "Cc", subject: "Subject" },
};

/** Outlook's header block over a quoted message: 보낸 사람 / 보낸 날짜 / 받는 사람 / 참조 / 제목. */
export function quoteHeaderHtml(message: Message, context: QuoteContext): string {
  const w = HEADER_WORDS[context.language];
  const formatAddress = context.formatAddress;
  const rows: [string, string][] = [
    [w.from, message.from ? formatAddress(message.from) : ""],
    [w.sent, context.formatDate(message.date)],
    [w.to, message.to.map(formatAddress).join(", ")],
  ];
  if (message.cc.length) rows.push([w.cc, message.cc.map(formatAddress).join(", ")]);
  rows.push([w.subject, message.subject]);
  const lines = rows.map(([label, value]) => `<b>${escapeHtml(label)}:</b> ${escapeHtml(value)}`).join("<br>");
  return `<div style="border:none;border-top:solid #e1e1e1 1pt;padding:3pt 0 0 0;font-size:10pt"><p>${lines}</p></div>`;
}

/** A reply's or forward's quote: the header block, then the original in a blockquote readers can fold. */
export function quoteHtml(message: Message, forward: boolean, context: QuoteContext): string {
  const intro = forward ? `<p>${escapeHtml(context.forwardedHeader)}</p>` : "";
  return (
    `${intro}${quoteHeaderHtml(message, context)}` +
    `<blockquote type="cite" style="margin:0 0 0 0.8ex;border-left:2px solid #ccc;padding-left:1ex">${messageBodyHtml(message, context)}</blockquote>`
  );
}
