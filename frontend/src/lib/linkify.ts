// Plain-text mail with its links made clickable, safely: only http(s) and mailto become links,
// and the text is never interpreted as HTML (the component renders segments as React text).

export type TextSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    let raw = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(raw);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    if (!raw) continue;
    if (start > last) segments.push({ kind: "text", text: text.slice(last, start) });
    let href: string;
    if (raw.includes("@") && !/^(https?:\/\/|www\.)/i.test(raw)) href = `mailto:${raw}`;
    else href = raw.toLowerCase().startsWith("www.") ? `https://${raw}` : raw;
    segments.push({ kind: "link", text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}
