// Signatures in the compose form's text: placed above the quoted text (the Outlook / Korean
// convention), after the user's own lines, introduced by the "-- " delimiter line (RFC 3676
// §4.3: dash dash space), so mail readers can tell the signature from the message.
import type { Signature } from "../api/settingsTypes";
import type { ComposeMode } from "./quote";

export const SIGNATURE_DELIMITER = "-- ";

/** The signature's block as it stands in the text: a blank line, the delimiter, the signature. */
export function signatureBlock(signature: Signature): string {
  return `\n\n${SIGNATURE_DELIMITER}\n${signature.text.replace(/\r\n?/g, "\n").replace(/\n+$/, "")}`;
}

/** The text with its signature `from` (if there) replaced by `to` (null: none), above any quote. */
export function replaceSignature(text: string, from: Signature | null, to: Signature | null): string {
  let body = text;
  let at = -1;
  if (from) {
    const block = signatureBlock(from);
    at = body.indexOf(block);
    if (at >= 0) body = body.slice(0, at) + body.slice(at + block.length);
  }
  if (!to) return body;
  // In the old one's place; else where the quote begins: a reply's "… wrote:" line over "> "
  // lines, or a forward's dashed header (lib/quote); else at the end.
  const quote = body.search(/\n\n(?=[^\n]*\n> |-{5,})/);
  const split = at >= 0 ? at : quote >= 0 ? quote : body.length;
  return body.slice(0, split).replace(/\n+$/, "") + signatureBlock(to) + body.slice(split);
}

/** The signature a new form of `mode` starts with (a draft keeps the one it has). */
export function defaultSignature(signatures: Signature[], mode: ComposeMode, ids: { forNew: string | null; forReply: string | null }): Signature | null {
  if (mode === "draft") return null;
  const id = mode === "new" ? ids.forNew : ids.forReply;
  return signatures.find((s) => s.id === id) ?? null;
}

/** A signature's HTML from its text, for the settings page (escaped, line breaks kept). */
export function signatureHtml(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped.replace(/\r\n?|\n/g, "<br>");
}
