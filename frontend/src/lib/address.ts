// Parsing what people type into To/Cc/Bcc ("홍길동 <a@b.kr>, c@d.kr; 'Kim' <k@x.kr>") into
// addresses, and formatting addresses for display. Deliberately stricter than RFC 5322: what a
// person types, not every legal header form.
import type { Address } from "../api/types";

// local@domain with a dot in the domain; no spaces, no angle brackets, no control characters.
const EMAIL = /^[^\s@<>()",;:\\\[\]\u0000-\u001f\u007f]+@[^\s@<>()",;:\\\[\]\u0000-\u001f\u007f]+\.[^\s@<>()",;:\\\[\]\u0000-\u001f\u007f.]{2,}$/;

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email) && !email.includes("..") && email.length <= 254;
}

export interface ParsedAddresses {
  addresses: Address[];
  /** The pieces that are not valid addresses, as typed. */
  invalid: string[];
}

/**
 * Splits on commas and semicolons that are not inside quotes or angle brackets: the finished
 * pieces (each followed by a separator), and what follows the last separator (still being typed).
 */
export function splitTyped(input: string): { pieces: string[]; rest: string } {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  let angle = false;
  for (const ch of input) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === "<" && !quoted) angle = true;
    else if (ch === ">" && !quoted) angle = false;
    if ((ch === "," || ch === ";") && !quoted && !angle) {
      pieces.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  return { pieces: pieces.map((p) => p.trim()).filter((p) => p.length > 0), rest: current };
}

/** Every piece of a list, the last one too. */
export function splitList(input: string): string[] {
  const { pieces, rest } = splitTyped(input);
  return rest.trim() ? [...pieces, rest.trim()] : pieces;
}

function unquote(name: string): string {
  const trimmed = name.trim();
  if ((trimmed.startsWith('"') && trimmed.endsWith('"')) || (trimmed.startsWith("'") && trimmed.endsWith("'"))) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1").trim();
  }
  return trimmed;
}

export function parseAddress(piece: string): Address | null {
  const text = piece.trim();
  if (/[\r\n\u0000]/.test(text)) return null; // never let a header break through
  const angled = /^(.*)<([^<>]*)>\s*$/.exec(text);
  if (angled) {
    const email = (angled[2] ?? "").trim();
    const name = unquote(angled[1] ?? "");
    return isValidEmail(email) ? { name, email } : null;
  }
  return isValidEmail(text) ? { name: "", email: text } : null;
}

export function parseAddressList(input: string): ParsedAddresses {
  const addresses: Address[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const piece of splitList(input)) {
    const address = parseAddress(piece);
    if (!address) {
      invalid.push(piece);
    } else if (!seen.has(address.email.toLowerCase())) {
      seen.add(address.email.toLowerCase());
      addresses.push(address);
    }
  }
  return { addresses, invalid };
}

/** For an input field: `홍길동 <a@b.kr>`, quoting names that contain list separators. */
export function formatAddress(address: Address): string {
  if (!address.name) return address.email;
  const name = /[,;<>"]/.test(address.name) ? `"${address.name.replace(/["\\]/g, "")}"` : address.name;
  return `${name} <${address.email}>`;
}

export function formatAddressList(addresses: Address[]): string {
  return addresses.map(formatAddress).join(", ");
}

/** For the list and headers: the name when there is one, else the address. */
export function displayName(address: Address | null | undefined): string {
  if (!address) return "";
  return address.name || address.email;
}
