// The compose form as data: its fields and attachment chips, how a reply/forward/draft fills it,
// what a send or draft request is made of, and the attachment size budget. No state, no requests.
import type { Address, AttachmentInfo, Message, OutgoingMessage, UnparsedRecipients } from "../api/types";
import { formatAddressList, parseAddressList } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import type { Language } from "../lib/i18n";
import { bodyText, forwardSubject, quotedBody, references, replyRecipients, replySubject, type ComposeMode } from "../lib/quote";

/** ZM_MAX_MESSAGE_BYTES's default: the server refuses a built message bigger than this (413). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * How many bytes of files fit in a message of `messageBytes`: attachments travel base64-encoded
 * (76 characters and CRLF per 57 bytes), and headers, text and part headers need some room.
 * The form checks and shows this, so a send it allows is not refused by the server.
 */
export function attachmentBudget(messageBytes: number): number {
  return Math.max(0, Math.floor((messageBytes - 64 * 1024) / 78) * 57);
}

export const ATTACHMENT_LIMIT_BYTES = attachmentBudget(MAX_MESSAGE_BYTES);

/**
 * One attachment chip of the compose form: a file being uploaded or uploaded (`uploadId`), or a
 * part of the message in `ComposeForm.source` (`part`) that the server attaches itself.
 */
export interface ComposeAttachment {
  /** Local identity (React key, progress updates). */
  key: number;
  name: string;
  size: number;
  uploadId?: string;
  part?: string;
  /** 0…1 while uploading, null once done or failed. */
  progress: number | null;
  error?: string;
  /** An image of the HTML body (pasted, dropped, or the original's): `<img data-zm-cid>` names it; no chip. */
  contentId?: string;
}

/** The body's format: the HTML editor, or the plain textarea (the `compose_format` setting picks one). */
export type ComposeFormat = "html" | "plain";

export interface ComposeForm {
  mode: ComposeMode;
  /** The sender picked (an identity's email); null: the login address. */
  from: string | null;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  format: ComposeFormat;
  /** The HTML editor's content; null until the editor has built it (from `text` and `htmlOrigin`). */
  html: string | null;
  /** The message the editor quotes (reply, forward) or reopens (draft) as HTML when it builds `html`. */
  htmlOrigin: { folder: string; message: Message } | null;
  /** 첨부로 전달: the original goes as a message/rfc822 attachment (forward only). */
  forwardAsAttachment: boolean;
  attachments: ComposeAttachment[];
  /** The message whose parts the `part` chips name: the forwarded original or the reopened draft. */
  source: { folder: string; uid: number } | null;
  inReplyTo: string | null;
  references: string[];
  draftUid: number | null;
  replyTo: { uid: number; folder: string } | null;
  /** null, or 0 while sending. */
  sendProgress: number | null;
  error: string | null;
  dirty: boolean;
}

export function emptyCompose(mode: ComposeMode = "new"): ComposeForm {
  return {
    mode,
    from: null,
    to: "",
    cc: "",
    bcc: "",
    subject: "",
    text: "",
    format: "plain",
    html: null,
    htmlOrigin: null,
    forwardAsAttachment: false,
    attachments: [],
    source: null,
    inReplyTo: null,
    references: [],
    draftUid: null,
    replyTo: null,
    sendProgress: null,
    error: null,
    dirty: false,
  };
}

/** The form for replying to, forwarding or continuing `message` of `folder`, written by `me`. */
export function composeFrom(
  mode: Exclude<ComposeMode, "new">,
  message: Message,
  context: { folder: string; me: string; language: Language; nextKey: () => number; format?: ComposeFormat },
): ComposeForm {
  const form = emptyCompose(mode);
  form.format = mode === "draft" ? (message.html ? "html" : "plain") : (context.format ?? "plain");
  if (form.format === "html") form.htmlOrigin = { folder: context.folder, message };
  // The HTML editor quotes the original's inline images: its parts are named, as a forward's files are.
  if (mode === "draft" || mode === "forward" || form.format === "html") form.source = { folder: context.folder, uid: message.uid };
  const html = form.format === "html";
  if (mode === "draft" || mode === "forward") form.attachments = partChips(message, context.nextKey, html);
  else if (html) form.attachments = inlineChips(message, context.nextKey);
  if (mode === "draft") {
    // What was typed but is not an address comes back too, after the addresses.
    const typed = (addresses: Address[], unparsed: string[] = []) => [formatAddressList(addresses), ...unparsed].filter((p) => p).join(", ");
    const kept = message.unparsed_recipients ?? {};
    form.to = typed(message.to, kept.to);
    form.cc = typed(message.cc, kept.cc);
    form.bcc = typed(message.bcc ?? [], kept.bcc);
    form.subject = message.subject;
    form.text = bodyText(message);
    form.inReplyTo = message.in_reply_to;
    form.references = message.references;
    form.draftUid = message.uid;
    form.from = message.from && message.from.email.toLowerCase() !== context.me.toLowerCase() ? message.from.email.toLowerCase() : null;
  } else if (mode === "forward") {
    form.text = quotedBody(message, mode, context.language);
    form.subject = forwardSubject(message.subject);
  } else {
    form.text = quotedBody(message, mode, context.language);
    const { to, cc } = replyRecipients(message, context.me, mode === "replyAll");
    form.to = to.length ? formatAddressList(to) + ", " : "";
    form.cc = formatAddressList(cc);
    form.subject = replySubject(message.subject);
    form.inReplyTo = message.message_id;
    form.references = references(message);
    form.replyTo = { uid: message.uid, folder: context.folder };
  }
  return form;
}

export type AddressField = "to" | "cc" | "bcc";

/** The form's recipients: the addresses, and the pieces of each field that are not addresses. */
export function recipientsOf(form: ComposeForm): { to: Address[]; cc: Address[]; bcc: Address[]; unparsed: Required<UnparsedRecipients>; invalid: string[] } {
  const to = parseAddressList(form.to);
  const cc = parseAddressList(form.cc);
  const bcc = parseAddressList(form.bcc);
  const unparsed = { to: to.invalid, cc: cc.invalid, bcc: bcc.invalid };
  return { to: to.addresses, cc: cc.addresses, bcc: bcc.addresses, unparsed, invalid: [...to.invalid, ...cc.invalid, ...bcc.invalid] };
}

/** Something a person would not want to lose: any text, recipient or attachment. */
export function hasContent(form: ComposeForm): boolean {
  return !!(form.text.trim() || (form.format === "html" && (form.html ?? "").replace(/<(?!img|table|hr)[^>]*>|&nbsp;|\s/g, "")) || form.subject.trim() || form.to.trim() || form.cc.trim() || form.bcc.trim() || form.attachments.length);
}

/**
 * The request for `form` in plain mode: its text, its files (the images of an HTML body stay
 * behind). HTML mode's request is this one made over by lib/composeHtml's `withHtml`.
 */
export function outgoingFrom(form: ComposeForm, recipients: { to: Address[]; cc: Address[]; bcc: Address[]; unparsed?: UnparsedRecipients }): OutgoingMessage {
  const files = form.attachments.filter((a) => !a.contentId);
  const parts = files.flatMap((a) => (a.part ? [a.part] : []));
  const forwardAsAttachment = form.mode === "forward" && form.forwardAsAttachment ? form.source : null;
  return {
    ...recipients,
    from: form.from,
    subject: form.subject,
    text: form.text,
    inReplyTo: form.inReplyTo,
    references: form.references,
    attachments: uploadIds(files),
    includeParts: form.source && parts.length && !forwardAsAttachment ? { ...form.source, parts } : null,
    forwardAsAttachment,
    draftUid: form.draftUid,
    replyTo: form.replyTo,
    // The original of a forward gets $Forwarded once it is sent (its mark in the list).
    forwardOf: form.mode === "forward" ? form.source : null,
  };
}

/** Chips for the file parts of a message (a forwarded original, a reopened or just saved draft). */
export function partChips(message: Message, nextKey: () => number, withImages = false): ComposeAttachment[] {
  const files = fileAttachments(message).map((a: AttachmentInfo) => ({ key: nextKey(), name: a.filename || a.part, size: a.size, part: a.part, progress: null }));
  return withImages ? [...files, ...inlineChips(message, nextKey)] : files;
}

/** Chips for the images of a message's HTML (parts with a Content-ID): sent on while its HTML shows them. */
export function inlineChips(message: Message, nextKey: () => number): ComposeAttachment[] {
  return message.attachments.flatMap((a) =>
    a.inline && a.content_id ? [{ key: nextKey(), name: a.filename || a.part, size: a.size, part: a.part, progress: null, contentId: cidKeyOf(a.content_id) }] : [],
  );
}

/** A Content-ID as the send API takes it (no `<>`). */
function cidKeyOf(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, "");
}

/** What the attachments add to the message (failed ones are not sent). */
export function attachedBytes(attachments: ComposeAttachment[]): number {
  return attachments.reduce((sum, a) => sum + (a.error ? 0 : a.size), 0);
}

/** Attachments that are on the server: the ones a send or draft can name. */
export function isReady(a: ComposeAttachment): boolean {
  return !!(a.uploadId || a.part);
}

/** The ids of the files this form uploaded. */
export function uploadIds(attachments: ComposeAttachment[]): string[] {
  return attachments.flatMap((a) => (a.uploadId ? [a.uploadId] : []));
}
