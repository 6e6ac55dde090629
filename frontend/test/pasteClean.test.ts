// The paste cleaner's first pass on clipboard HTML as Excel, Word, 한글 and a browser produce it
// (e2e/fixtures/clipboard, made here), and the quote header of a reply. DOMPurify and the CSS
// rules' inlining need a browser: e2e/test_html_compose.py pastes the same fixtures in Chromium.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import test from "node:test";
import { escapeHtml, quoteHeaderHtml, textToHtml } from "../src/lib/composeHtml";
import { formatAddress } from "../src/lib/address";
import { cleanStyleAttribute, precleanPastedHtml } from "../src/lib/pasteClean";
import { message } from "./storeHarness";

const fixture = (name: string) => readFileSync(`../e2e/fixtures/clipboard/${name}`, "utf8");

/** The text of each cell, row by row (tags out, entities and white space normalised). */
function cells(html: string): string[][] {
  const rows = html.match(/<tr[\s\S]*?<\/tr>/gi) ?? [];
  return rows.map((row) =>
    (row.match(/<t[dh][\s\S]*?<\/t[dh]>/gi) ?? []).map((cell) => cell.replace(/<[^>]*>/g, "").replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim()),
  );
}

function assertNoOfficeNoise(html: string): void {
  assert.doesNotMatch(html, /mso-/i);
  assert.doesNotMatch(html, /<\/?o:p/i);
  assert.doesNotMatch(html, /<!--\[if|<!\[if|<!\[endif/i);
  assert.doesNotMatch(html, /\sx:(str|num|fmla)/i);
  assert.doesNotMatch(html, /^\s*Version:/);
  assert.doesNotMatch(html, /<(meta|link|xml)\b/i);
  assert.doesNotMatch(html, /\slang=/i);
}

test("Excel: the cells, merged headers and number alignment are kept; Office's noise goes", () => {
  const raw = fixture("excel.html");
  const clean = precleanPastedHtml(raw);
  assertNoOfficeNoise(clean);
  assert.deepEqual(cells(clean), cells(raw));
  assert.deepEqual(cells(clean), [
    ["품목", "2026년 4분기"],
    ["수량", "금액(원)"],
    ["노트북 (LG gram)", "12", "18,600,000"],
    ["모니터", "8", "2,320,000"],
    ["합계", "20", "20,920,000"],
  ]);
  assert.match(clean, /<td rowspan="2"[^>]*>품목/);
  assert.match(clean, /<td colspan="2"[^>]*>2026년 4분기/);
  // "General" numbers are right-aligned in Excel without any CSS saying so.
  assert.match(clean, /<td class="xl67" style="border-top:none;border-left:none;text-align:right">12</);
  assert.doesNotMatch(clean, /<td[^>]*text-align:right[^>]*>노트북/);
  // The class rules (borders, fills) stay for the browser pass to inline.
  assert.match(clean, /\.xl65\s*\{[^}]*background:#D9E1F2/);
});

test("Word: bold, colour, the numbered list and the table stay; MsoNormal's Office styles go", () => {
  const raw = fixture("word.html");
  const clean = precleanPastedHtml(raw);
  assertNoOfficeNoise(clean);
  assert.deepEqual(cells(clean), [["담당", "진척률"], ["홍영태", "80%"]]);
  assert.match(clean, /<b>HTML 편집기<\/b>/);
  assert.match(clean, /color:#C00000/);
  // Its numbered paragraphs are a real list now, the typed "1." and "2." gone.
  assert.match(clean, /<ol><li>웹메일 <b>HTML 편집기<\/b> 개발<\/li><li>결재 양식 검토<\/li><\/ol>/);
  assert.doesNotMatch(clean, />[12]\.<span/);
  assert.match(clean, /background:#D9D9D9/);
  assert.match(clean, /border:solid windowtext 1\.0pt/);
  assert.doesNotMatch(clean, /OfficeDocumentSettings/);
});

test("한글: rowspan, shading and borders of its table stay", () => {
  const raw = fixture("hwp.html");
  const clean = precleanPastedHtml(raw);
  assertNoOfficeNoise(clean);
  assert.deepEqual(cells(clean), [["구분", "금액"], ["교통비", "59,800"], ["12,000"]]);
  assert.match(clean, /rowspan="2"/);
  assert.match(clean, /background-color:#e5e5e5/);
});

test("a web page's fragment keeps its table, list and link (hostile markup is DOMPurify's, in the browser pass)", () => {
  const raw = fixture("web.html");
  const clean = precleanPastedHtml(raw);
  assert.deepEqual(cells(clean), [["과정", "날짜"], ["보안 교육", "12월 9일"]]);
  assert.match(clean, /<a href="https:\/\/intra\.zioinfo\.co\.kr\/edu"/);
  assert.match(clean, /<li><b>보안 교육<\/b> \(필수\)<\/li>/);
  assert.doesNotMatch(clean, /<html|<body/i);
});

test("style attributes lose Office-only declarations and keep the rest", () => {
  assert.equal(cleanStyleAttribute("mso-list:l0 level1 lfo1; margin-left:38.0pt;\n text-indent:-18.0pt;tab-stops:list 36pt"), "margin-left:38.0pt;text-indent:-18.0pt");
  assert.equal(cleanStyleAttribute("text-align:general;color:red"), "color:red");
});

test("the quote header is Outlook's block: 보낸 사람, 보낸 날짜, 받는 사람, 참조 (when there is one), 제목; escaped", () => {
  const original = message(5, { subject: "견적 <긴급>", cc: [{ name: "박지영", email: "jy@example.com" }] });
  const context = { language: "ko" as const, formatAddress, formatDate: () => "2026년 11월 25일 (수) 오후 3:00", forwardedHeader: "", partUrl: () => null, allowRemote: false };
  const html = quoteHeaderHtml(original, context);
  const labels = [...html.matchAll(/<b>([^<]*):<\/b>/g)].map((m) => m[1]);
  assert.deepEqual(labels, ["보낸 사람", "보낸 날짜", "받는 사람", "참조", "제목"]);
  assert.match(html, /김철수 &lt;kim@example\.net&gt;/);
  assert.match(html, /견적 &lt;긴급&gt;/);
  const en = quoteHeaderHtml(message(5), { ...context, language: "en" as const });
  assert.deepEqual([...en.matchAll(/<b>([^<]*):<\/b>/g)].map((m) => m[1]), ["From", "Sent", "To", "Subject"]);
});

test("plain text becomes the editor's lines, escaped", () => {
  assert.equal(textToHtml("a<b>\n\nc"), "<div>a&lt;b&gt;</div><div><br></div><div>c</div>");
  assert.equal(escapeHtml('"&'), "&quot;&amp;");
});


/** The lists of cleaned HTML as an outline: one line per item, indented by depth, its list's tag and its own text. */
function outline(html: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)(ol|ul|li)\b[^>]*>|([^<]+)|<[^>]*>/gi)) {
    if (m[2]) {
      const tag = m[2].toLowerCase();
      if (tag === "li") {
        if (!m[1]) out.push(`${"  ".repeat(stack.length - 1)}${stack[stack.length - 1]}:`);
      } else if (m[1]) {
        stack.pop();
      } else {
        stack.push(tag);
      }
    } else if (m[3] && stack.length > 0 && out.length > 0) {
      out[out.length - 1] += m[3].replace(/&nbsp;/g, " ");
    }
  }
  return out.map((line) => line.replace(/(\S)\s+/g, "$1 ").trimEnd());
}

test("Word's list paragraphs become nested <ol>/<ul>: levels from mso-list, numbered or bulleted from the marker, the markers gone", () => {
  const clean = precleanPastedHtml(fixture("word-lists.html"));
  assertNoOfficeNoise(clean);
  assert.deepEqual(outline(clean), [
    "ol:영업 보고",
    "  ul:서울 지사: 신규 계약 12건",
    "  ul:부산 지사: 신규 계약 8건",
    "ol:개발 현황",
    "  ol:웹메일 필터",
    "    ul:드래그로 순서 바꾸기",
    "  ol:부재중 HTML 본문",
    "ol:기타 안건",
    "ul:참석: 홍영태, 김지오",
    "ul:다음 회의: 12월 14일",
  ]);
  // The nesting itself: the bullets sit inside the first item, the third level inside (가).
  assert.match(clean, /<ol><li><b>영업<\/b> 보고<ul><li>서울 지사: 신규 계약 <span style="color:#C00000">12건<\/span><\/li><li>부산 지사: 신규 계약 8건<\/li><\/ul><\/li><li>개발 현황<ol><li>웹메일 필터<ul><li>드래그로 순서 바꾸기<\/li><\/ul><\/li><li>부재중 HTML 본문<\/li><\/ol><\/li><li>기타 안건<\/li><\/ol>/);
  // Two lists (l0, l1) stay two; the empty paragraph between them stays a paragraph.
  assert.equal((clean.match(/<ol>/g) ?? []).length, 2);
  assert.match(clean, /<\/ol>\s*<p[^>]*>(&nbsp;)?<\/p>\s*<ul><li>참석: 홍영태, 김지오<\/li><li>다음 회의: 12월 14일<\/li><\/ul>/);
  // No typed markers, no empty Symbol/Wingdings spans, no Word indents or list classes on the items.
  const body = clean.slice(clean.lastIndexOf("</style>"));
  assert.doesNotMatch(body, /[Ø§·]|>\s*\d\.\s*</);
  assert.doesNotMatch(body, /Wingdings|Symbol|text-indent|MsoListParagraph/);
});
