// The first pass over HTML from the clipboard (Excel, Word, HWP, web pages, other mail), on the
// markup as text so it needs no DOM: the Windows clipboard header (Version:/StartHTML:…), Office's
// conditional comments and XML islands, `<o:p>`, `mso-` style declarations, Excel's `x:` cell
// attributes, comments. What a browser must do (CSS rules onto elements, DOMPurify) follows in
// lib/composeHtml. Excel's numbers are right-aligned there by the "General" format, which no CSS
// says: a number cell without an alignment gets `text-align:right` so it pastes as it looked.

import { wordListsToHtmlLists } from "./wordLists";

/** Office's style declarations that only Office reads (`mso-…`, tab stops, layout grids). */
const OFFICE_ONLY_DECLARATION = /^\s*(mso-|tab-stops|layout-grid|text-underline|page:|text-align\s*:\s*general)/i;

export function cleanStyleAttribute(style: string): string {
  return style
    .split(";")
    .filter((d) => d.includes(":") && !OFFICE_ONLY_DECLARATION.test(d))
    .map((d) => d.trim().replace(/\s*\n\s*/g, " "))
    .join(";");
}

const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

function unquote(value: string | undefined): string {
  if (value === undefined) return "";
  return /^["']/.test(value) ? value.slice(1, -1) : value;
}

/** One start tag's attributes, cleaned: Office's namespaced ones and `lang` go, styles lose `mso-`. */
function cleanTag(name: string, attributes: string): string {
  const kept: string[] = [];
  let isNumber = false;
  let style = "";
  for (const m of attributes.matchAll(ATTRIBUTE)) {
    const attr = m[1].toLowerCase();
    const value = unquote(m[2]);
    if (attr === "x:num") isNumber = true;
    if (attr.includes(":") || attr === "lang") continue;
    if (attr === "style") {
      style = cleanStyleAttribute(value);
      continue;
    }
    kept.push(m[2] === undefined ? attr : `${attr}="${value.replace(/"/g, "&quot;")}"`);
  }
  if (isNumber && /^t[dh]$/i.test(name) && !/text-align/i.test(style) && !kept.some((a) => a.startsWith("align="))) {
    style = style ? `${style};text-align:right` : "text-align:right";
  }
  if (style) kept.push(`style="${style.replace(/"/g, "'")}"`);
  return `<${name}${kept.length ? " " + kept.join(" ") : ""}>`;
}

/** The clipboard's HTML without Office's noise (classes stay: composeHtml turns them into inline styles first). */
export function precleanPastedHtml(raw: string): string {
  let html = raw;
  // CF_HTML: "Version:0.9\r\nStartHTML:000123\r\n…" before the markup.
  if (/^\s*Version:\d/.test(html)) html = html.slice(Math.max(0, html.indexOf("<")));
  const fragment = /<!--\s*StartFragment\s*-->([\s\S]*)<!--\s*EndFragment\s*-->/i.exec(html);
  // Keep the <style> blocks of the head: Excel's cells take their borders and colours from there.
  const styles = (html.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? []).join("");
  // Excel's fragment starts inside its <table> (at the first row): then the whole body is needed.
  const insideTable = fragment && (html.slice(0, fragment.index).match(/<table\b/gi) ?? []).length > (html.slice(0, fragment.index).match(/<\/table\b/gi) ?? []).length;
  if (fragment && !insideTable) html = styles + fragment[1];
  const withoutConditionals = html
    // <!--[if gte mso 9]>…<![endif]--> (XML, VML shapes): Office's alone.
    .replace(/<!--\[if[^\]]*\]>[\s\S]*?<!\[endif\]-->/gi, "")
    // <![if !supportLists]>…<![endif]>: what other programs should show (Word's list numbers).
    .replace(/<!\[(?:if[^\]]*|endif)\]>/gi, "")
    .replace(/<xml[^>]*>[\s\S]*?<\/xml>/gi, "")
    // Comments, except the ones <style> blocks hide CSS in (the browser's CSS parser skips those markers).
    .replace(/<!--[\s\S]*?-->/g, (comment: string, offset: number, whole: string) => (insideStyle(whole, offset) ? comment : ""));
  // Word's list paragraphs become <ol>/<ul> while their `mso-list` still says the level.
  return (
    wordListsToHtmlLists(withoutConditionals)
      .replace(/<style[^>]*>[\s\S]*?<\/style>/gi, (block) => block.replace(/(mso-[\w-]+|text-align\s*:\s*general|panose-1)\s*:?[^;}]*;?/gi, ""))
      .replace(/<\/?o:p[^>]*>/gi, "")
      .replace(/<\/?(?:o|v|w|m|st1):[^>]*>/gi, "")
      .replace(/<(meta|link)\b[^>]*>/gi, "")
      .replace(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g, (_tag, name: string, attributes: string | undefined) => (attributes ? cleanTag(name, attributes) : `<${name}>`))
  );
}

function insideStyle(html: string, offset: number): boolean {
  const open = html.lastIndexOf("<style", offset);
  return open >= 0 && html.lastIndexOf("</style", offset) < open;
}
