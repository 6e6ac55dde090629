// Word's lists on the clipboard are no lists: each item is a paragraph
// `<p class=MsoListParagraph… style='…mso-list:l0 level2 lfo1'>` whose number or bullet is text in
// `<span style='mso-list:Ignore'>1.<span>&nbsp;…</span></span>`, shown only to programs that do not
// know `mso-list`. Pasted as they are, the items are indented paragraphs with typed numbers that
// go wrong as soon as one is added. Here runs of such paragraphs become nested <ol>/<ul> (the
// level from `levelN`, numbered or bulleted from the marker's text) and the fake markers go.
// Text in, text out, before pasteClean's other passes (they drop the `mso-` declarations read here).

const LIST_PARAGRAPH = /<p\b([^>]*\bmso-list:\s*(l\d+)\s+level(\d+)[^>]*)>([\s\S]*?)<\/p>/gi;
const IGNORED_MARKER_START = /<span\b[^>]*mso-list:\s*Ignore[^>]*>/i;

/** 1. 1) (1) a. A) i. IV. 가. ① — numbered; anything else (·, o, §, ▪, -) is a bullet. */
const NUMBERED_MARKER = /^\(?(\d+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|[가-힣])[.)]$|^[\u2460-\u2473]$/;

interface ListItem {
  level: number;
  list: string;
  numbered: boolean;
  /** The item's own type for <ol type>: a, A, i, I (Word's lowercase letters, Roman numerals). */
  type: string | null;
  content: string;
}

/** The marker span (with the spans inside it) cut out of a paragraph's content: [content, marker text]. */
function cutMarker(content: string): [string, string] {
  const start = IGNORED_MARKER_START.exec(content);
  if (!start) return [content, ""];
  const tags = /<(\/?)span\b[^>]*>/gi;
  tags.lastIndex = start.index + start[0].length;
  let depth = 1;
  let end = content.length;
  for (let m = tags.exec(content); m; m = tags.exec(content)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = m.index + m[0].length;
      break;
    }
  }
  const marker = content.slice(start.index, end).replace(/<[^>]*>/g, "").replace(/&nbsp;|\u00a0/g, " ").trim();
  // The span that set the marker's font (Symbol, Wingdings) is left empty: it goes too.
  let rest = content.slice(0, start.index) + content.slice(end);
  for (let before = ""; before !== rest; ) {
    before = rest;
    rest = rest.replace(/^\s*<span\b[^>]*>\s*<\/span>/i, "");
  }
  return [rest, marker];
}

function olType(marker: string): string | null {
  const core = marker.replace(/^\(|[.)]$/g, "");
  if (/^\d+$/.test(core) || /^[\u2460-\u2473]$/.test(marker)) return null;
  // One letter is ambiguous (i. or the ninth of a. b. c.): Roman only from two letters on.
  if (/^[ivxlcdm]{2,}$/.test(core)) return "i";
  if (/^[IVXLCDM]{2,}$/.test(core)) return "I";
  if (/^[a-z]$/.test(core)) return "a";
  if (/^[A-Z]$/.test(core)) return "A";
  return null;
}

function item(list: string, level: string, content: string): ListItem {
  const [rest, marker] = cutMarker(content);
  const numbered = NUMBERED_MARKER.test(marker);
  return { level: Math.max(1, Math.min(9, Number(level))), list, numbered, type: numbered ? olType(marker) : null, content: rest.trim() };
}

/** One run of list paragraphs as nested lists: a deeper level opens a list inside the item before it. */
function listsOf(items: ListItem[]): string {
  const open: { level: number; tag: string; list: string }[] = [];
  let html = "";
  const close = () => {
    const top = open.pop();
    if (top) html += `</li></${top.tag}>`;
  };
  for (const entry of items) {
    const tag = entry.numbered ? "ol" : "ul";
    while (open.length > 0 && open[open.length - 1].level > entry.level) close();
    const top = open[open.length - 1];
    // Same level, another kind or another list (l0 → l1): a list of its own.
    if (top && top.level === entry.level && (top.tag !== tag || (entry.level === 1 && top.list !== entry.list))) close();
    const current = open[open.length - 1];
    if (current && current.level === entry.level) {
      html += "</li><li>";
    } else {
      html += `<${tag}${tag === "ol" && entry.type ? ` type="${entry.type}"` : ""}><li>`;
      open.push({ level: entry.level, tag, list: entry.list });
    }
    html += entry.content;
  }
  while (open.length > 0) close();
  return html;
}

/** Word's list paragraphs as real lists; everything else as it was. */
export function wordListsToHtmlLists(html: string): string {
  const paragraphs = [...html.matchAll(LIST_PARAGRAPH)];
  if (paragraphs.length === 0) return html;
  let out = "";
  let cursor = 0;
  let run: ListItem[] = [];
  let runEnd = 0;
  const flush = () => {
    if (run.length > 0) out += listsOf(run);
    run = [];
  };
  for (const m of paragraphs) {
    const start = m.index ?? 0;
    const between = html.slice(cursor, start);
    // Only white space between two list paragraphs keeps them in one run.
    if (run.length === 0 || between.trim() !== "") {
      flush();
      out += between;
    }
    run.push(item(m[2].toLowerCase(), m[3], m[4]));
    cursor = runEnd = start + m[0].length;
  }
  flush();
  return out + html.slice(runEnd);
}
