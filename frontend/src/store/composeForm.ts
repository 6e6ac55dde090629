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
}

export interface ComposeForm {
  mode: ComposeMode;
  /** The sender picked (an identity's email); null: the login address. */
  from: string | null;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
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
  context: { folder: string; me: string; language: Language; nextKey: () => number },
): ComposeForm {
  const form = emptyCompose(mode);
  if (mode === "draft" || mode === "forward") {
    form.source = { folder: context.folder, uid: message.uid };
    form.attachments = partChips(message, context.nextKey);
  }
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
  return !!(form.text.trim() || form.subject.trim() || form.to.trim() || form.cc.trim() || form.bcc.trim() || form.attachments.length);
}

export function outgoingFrom(form: ComposeForm, recipients: { to: Address[]; cc: Address[]; bcc: Address[]; unparsed?: UnparsedRecipients }): OutgoingMessage {
  const parts = form.attachments.flatMap((a) => (a.part ? [a.part] : []));
  return {
    ...recipients,
    from: form.from,
    subject: form.subject,
    text: form.text,
    inReplyTo: form.inReplyTo,
    references: form.references,
    attachments: uploadIds(form.attachments),
    includeParts: form.source && parts.length ? { ...form.source, parts } : null,
    draftUid: form.draftUid,
    replyTo: form.replyTo,
    // The original of a forward gets $Forwarded once it is sent (its mark in the list).
    forwardOf: form.mode === "forward" ? form.source : null,
  };
}

/** Chips for the file parts of a message (a forwarded original, a reopened or just saved draft). */
export function partChips(message: Message, nextKey: () => number): ComposeAttachment[] {
  return fileAttachments(message).map((a: AttachmentInfo) => ({ key: nextKey(), name: a.filename || a.part, size: a.size, part: a.part, progress: null }));
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
