// 이전 내용 보기: the quoted history of a reply, folded so the new text reads first. Plain text
// folds its `>` runs (with the "… wrote:" / "…님이 작성:" line before them) and everything from an
// "-----Original Message-----" / "-----원본 메시지-----" line on; HTML folds its first quote
// marker: a <blockquote> (that element), or from Outlook's reply header (`divRplyFwdMsg`, the
// `border-top:solid #E1E1E1` / `#B5C4DF` separator div), Gmail's `gmail_quote`, Naver/Daum's and
// Thunderbird's quote classes or an original-message line to the end. The fold is a <details>
// element, so it opens without any script (the HTML frame runs none). Never the whole mail: when
// nothing but the quote is left, it stays open text. Pure string work, so it is unit-tested in node.

export type TextSegment = { kind: "text" | "quote"; text: string };

const ORIGINAL_LINE = /^\s*-{2,}\s*(original message|원본 메시지|원본 메일|forwarded message|전달된 메시지)\s*-{2,}\s*$/i;
// Gmail "…님이 작성:", Apple Mail "… 작성:", Thunderbird "… 이(가) 쓴 글:", Outlook for Mac "… 씀:".
const WROTE_LINE = /(wrote|작성|씀|썼습니다|쓴 글)\s*:\s*$/i;
// Outlook's plain-text reply header (no original-message line since Outlook 2010): a
// "보낸 사람:"/"From:" line with "보낸 날짜:"/"Sent:"/"Date:" within the next lines, often under a
// line of underscores. Both lines are required so a mail that merely says "From: …" is not folded.
const HEADER_FROM = /^\s*(보낸 사람|보낸사람|from)\s*:/i;
const HEADER_SENT = /^\s*(보낸 날짜|보낸날짜|날짜|sent|date)\s*:/i;
const RULE_LINE = /^\s*_{8,}\s*$/;
const QUOTED_LINE = /^\s*>/;

/** The text's new part and its quoted history, in order (one text segment when there is nothing to fold). */
export function foldTextQuotes(text: string): TextSegment[] {
  const lines = text.split(/\r?\n/);
  const quoted = lines.map((line) => QUOTED_LINE.test(line));
  let original = lines.findIndex((line) => ORIGINAL_LINE.test(line));
  if (original < 0) original = headerBlockStart(lines);
  if (original >= 0) for (let i = original; i < lines.length; i++) quoted[i] = true;
  // The attribution line just before a quote (blank lines between allowed) belongs to it.
  for (let i = 0; i < lines.length; i++) {
    if (!quoted[i] || (i > 0 && quoted[i - 1])) continue;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === "") j--;
    if (j >= 0 && WROTE_LINE.test(lines[j])) for (let k = j; k < i; k++) quoted[k] = true;
  }
  // A blank line between two quoted lines stays in the quote.
  for (let i = 1; i < lines.length - 1; i++) {
    if (quoted[i] || lines[i].trim() !== "") continue;
    let j = i;
    while (j < lines.length && !quoted[j] && lines[j].trim() === "") j++;
    if (j < lines.length && quoted[j] && quoted[i - 1]) for (let k = i; k < j; k++) quoted[k] = true;
  }
  const segments: TextSegment[] = [];
  lines.forEach((line, i) => {
    const kind = quoted[i] ? "quote" : "text";
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += `\n${line}`;
    else segments.push({ kind, text: line });
  });
  const ownText = segments.some((s) => s.kind === "text" && s.text.trim() !== "");
  if (!ownText || !segments.some((s) => s.kind === "quote")) return [{ kind: "text", text }];
  return segments;
}

/** Where an Outlook-style header block starts (its underscore rule when there is one), or -1. */
function headerBlockStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (!HEADER_FROM.test(lines[i]) || !lines.slice(i + 1, i + 4).some((line) => HEADER_SENT.test(line))) continue;
    return i > 0 && RULE_LINE.test(lines[i - 1]) ? i - 1 : i;
  }
  return -1;
}

/** An opening tag that starts quoted history up to the end of its parent (not just itself). */
const HISTORY_TAG =
  /<div\b[^>]*(?:\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend)\b|\bclass\s*=\s*["'][^"']*\b(?:gmail_quote|yahoo_quoted|moz-cite-prefix|__se_quote|daum_quote|replyQuote)\b|border-top\s*:\s*solid\s+#(?:E1E1E1|B5C4DF))[^>]*>/i;
const ORIGINAL_TEXT = /-{2,}\s*(?:original message|원본 메시지|원본 메일)\s*-{2,}/i;
const BLOCKQUOTE_OPEN = /<blockquote\b[^>]*>/i;

/** Where the element that holds `index` opens (the last `<p`/`<div` before it), or index itself. */
function enclosingTagStart(html: string, index: number): number {
  const before = html.slice(0, index);
  const at = Math.max(before.lastIndexOf("<div"), before.lastIndexOf("<p"), before.lastIndexOf("<DIV"), before.lastIndexOf("<P"));
  return at >= 0 && before.indexOf(">", at) >= 0 ? at : index;
}

/** The end of the blockquote opening at `start` (after its matching `</blockquote>`), or -1. */
function blockquoteEnd(html: string, start: number): number {
  const tags = /<(\/?)blockquote\b[^>]*>/gi;
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return tags.lastIndex;
  }
  return -1;
}

/** Text a reader sees in an HTML fragment (tags, comments, styles and spaces aside). */
function visibleText(html: string): string {
  return html
    .replace(/<style\b[\s\S]*?<\/style>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;|&#160;|\s/gi, "");
}

/**
 * The sanitized HTML with its first quote folded into `<details class="zm-quote">` whose summary
 * reads `label`; `folded` false when there was none, or nothing of the mail's own before it.
 */
export function foldHtmlQuote(html: string, label: string): { html: string; folded: boolean } {
  const starts: { at: number; kind: "history" | "blockquote" }[] = [];
  const history = HISTORY_TAG.exec(html);
  if (history) starts.push({ at: history.index, kind: "history" });
  const original = ORIGINAL_TEXT.exec(html);
  if (original) starts.push({ at: enclosingTagStart(html, original.index), kind: "history" });
  const blockquote = BLOCKQUOTE_OPEN.exec(html);
  if (blockquote) starts.push({ at: blockquote.index, kind: "blockquote" });
  if (starts.length === 0) return { html, folded: false };
  const first = starts.reduce((a, b) => (b.at < a.at ? b : a));
  if (visibleText(html.slice(0, first.at)) === "") return { html, folded: false };
  const end = first.kind === "blockquote" ? blockquoteEnd(html, first.at) : -1;
  const open = `${FOLD_STYLE}<details class="zm-quote"><summary>${escapeText(label)}</summary>`;
  // History runs to the end of its parent: the HTML parser closes the <details> with that parent.
  const folded = end >= 0 ? `${html.slice(0, first.at)}${open}${html.slice(first.at, end)}</details>${html.slice(end)}` : `${html.slice(0, first.at)}${open}${html.slice(first.at)}</details>`;
  return { html: folded, folded: true };
}

// The fold's look inside the frame (a <style> in the body applies to the whole frame document).
const FOLD_STYLE =
  "<style>details.zm-quote>summary{display:inline-block;cursor:pointer;margin:8px 0;padding:2px 10px;border:1px solid #ccc;" +
  "border-radius:12px;color:#555;font-size:12px;list-style:none}</style>";

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
