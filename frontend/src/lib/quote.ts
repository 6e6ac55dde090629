// What reply, reply-all and forward put into the compose form.
import type { Address, Message } from "../api/types";
import { formatAddress } from "./address";
import { formatFullDate } from "./dateFormat";
import { translate, type Language } from "./i18n";

export type ComposeMode = "new" | "reply" | "replyAll" | "forward" | "draft";

const REPLY_PREFIX = /^\s*(re|답장|회신)\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|전달)\s*:/i;

export function replySubject(subject: string): string {
  return REPLY_PREFIX.test(subject) ? subject : `Re: ${subject}`;
}

export function forwardSubject(subject: string): string {
  return FORWARD_PREFIX.test(subject) ? subject : `Fwd: ${subject}`;
}

function sameEmail(a: Address, b: string): boolean {
  return a.email.toLowerCase() === b.toLowerCase();
}

/**
 * To and Cc of a reply: the sender (or Reply-To); for reply-all also everyone else, never ourselves
 * twice. A reply to mail we sent ourselves (from 보낸편지함) goes, as in Gmail, to its recipients:
 * To stays To, and reply-all keeps its Cc.
 */
export function replyRecipients(message: Message, myEmail: string, all: boolean): { to: Address[]; cc: Address[] } {
  const primary = message.reply_to.length > 0 ? message.reply_to : message.from ? [message.from] : [];
  const others = (list: Address[]) => list.filter((a) => !sameEmail(a, myEmail));
  if (primary.length > 0 && others(primary).length === 0 && others(message.to).length > 0) {
    const to = unique(others(message.to), new Set());
    const cc = all ? unique(others(message.cc), new Set(to.map((a) => a.email.toLowerCase()))) : [];
    return { to, cc };
  }
  const to = others(primary);
  const toList = to.length > 0 ? to : primary;
  if (!all) return { to: toList, cc: [] };
  const seen = new Set(toList.map((a) => a.email.toLowerCase()));
  seen.add(myEmail.toLowerCase());
  const cc: Address[] = [];
  for (const a of [...message.to, ...message.cc]) {
    const key = a.email.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      cc.push(a);
    }
  }
  return { to: toList, cc };
}

/** The addresses not in `seen` yet, each once, in order (`seen` grows). */
function unique(list: Address[], seen: Set<string>): Address[] {
  const out: Address[] = [];
  for (const a of list) {
    const key = a.email.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

export function quoteText(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .trimEnd()
    .split("\n")
    .map((line) => (line.startsWith(">") ? `>${line}` : `> ${line}`))
    .join("\n");
}

/**
 * The plain text to quote when a message only has HTML. DOMParser documents are inert (no script
 * runs, nothing loads), so untrusted mail can be parsed this way; it also decodes every entity.
 */
export function htmlToPlainText(html: string): string {
  const doc = new DOMParser().parseFromString(html.replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "$&\n"), "text/html");
  doc.querySelectorAll("style, script").forEach((e) => e.remove());
  return (doc.body.textContent ?? "").replace(/\n{3,}/g, "\n\n").trim();
}

/** The message's plain text; HTML-only mail as text. */
export function bodyText(message: Message): string {
  return message.text ?? (message.html ? htmlToPlainText(message.html) : "");
}

export function quotedBody(message: Message, mode: ComposeMode, language: Language): string {
  const body = bodyText(message);
  if (mode === "forward") {
    const lines = [
      "",
      "",
      translate(language, "forwardedHeader"),
      `${translate(language, "from")}: ${message.from ? formatAddress(message.from) : ""}`,
      `${translate(language, "date")}: ${formatFullDate(message.date, language)}`,
      `${translate(language, "subject")}: ${message.subject}`,
      `${translate(language, "to")}: ${message.to.map(formatAddress).join(", ")}`,
      "",
      body,
    ];
    return lines.join("\n");
  }
  const sender = message.from ? formatAddress(message.from) : "";
  const header = translate(language, "wrote", { date: formatFullDate(message.date, language), sender });
  return `\n\n${header}\n${quoteText(body)}`;
}

export function references(message: Message): string[] {
  const refs = [...message.references];
  if (message.message_id && !refs.includes(message.message_id)) refs.push(message.message_id);
  return refs;
}
