import assert from "node:assert/strict";
import { test } from "node:test";
import { foldHtmlQuote, foldTextQuotes } from "../src/lib/quoteFold";

const LABEL = "이전 내용 보기";
/** The fold with its frame style (one <style> before the <details>) taken out. */
const fold = (html: string) => {
  const result = foldHtmlQuote(html, LABEL);
  return { ...result, html: result.html.replace(/<style>[^<]*<\/style>/, "") };
};

test("plain text: the > run and its 작성: line fold, the new text stays", () => {
  const text = "네, 확인했습니다.\n\n2026년 12월 7일 (월) 오후 3:00, 김철수 <kim@example.net>님이 작성:\n> 견적서 보내드립니다.\n>\n> 김철수 드림\n";
  const segments = foldTextQuotes(text);
  assert.deepEqual(segments.map((s) => s.kind), ["text", "quote", "text"]);
  assert.equal(segments[0].text, "네, 확인했습니다.\n");
  assert.match(segments[1].text, /^2026년 .*님이 작성:\n> 견적서/);
  assert.match(segments[1].text, /> 김철수 드림$/);
});

test("plain text: -----원본 메시지----- folds to the end", () => {
  const text = "받았습니다.\n\n-----원본 메시지-----\n보낸 사람: 김철수\n제목: 견적\n\n내용입니다.";
  const segments = foldTextQuotes(text);
  assert.deepEqual(segments.map((s) => s.kind), ["text", "quote"]);
  assert.match(segments[1].text, /^-----원본 메시지-----\n보낸 사람/);
  assert.match(segments[1].text, /내용입니다\.$/);
  assert.deepEqual(foldTextQuotes("ok\n-----Original Message-----\nFrom: a").map((s) => s.kind), ["text", "quote"]);
});

test("plain text: never the whole mail, and nothing to fold is one segment", () => {
  assert.deepEqual(foldTextQuotes("> 전부 인용\n> 입니다"), [{ kind: "text", text: "> 전부 인용\n> 입니다" }]);
  assert.deepEqual(foldTextQuotes("안녕하세요\n반갑습니다"), [{ kind: "text", text: "안녕하세요\n반갑습니다" }]);
});

test("Outlook Korean reply: from the border-top header div to the end of its parent", () => {
  const html =
    '<div class="WordSection1"><p class="MsoNormal">검토 후 회신드리겠습니다.</p><p class="MsoNormal">&nbsp;</p>' +
    '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>보낸 사람:</b> 김철수 &lt;kim@example.net&gt;<br><b>보낸 날짜:</b> 2026년 12월 7일 월요일 오후 3:00<br><b>제목:</b> 견적</p></div>' +
    '<p class="MsoNormal">견적서 보내드립니다.</p></div>';
  const { html: out, folded } = fold(html);
  assert.equal(folded, true);
  assert.ok(out.startsWith('<div class="WordSection1"><p class="MsoNormal">검토 후 회신드리겠습니다.</p><p class="MsoNormal">&nbsp;</p><details class="zm-quote"><summary>이전 내용 보기</summary><div style="border:none;border-top:solid #E1E1E1'));
  assert.ok(out.endsWith("견적서 보내드립니다.</p></div></details>"));
  assert.equal(fold('<p>네</p><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> x</div>').folded, true);
});

test("Gmail reply: the gmail_quote div folds; the answer above stays", () => {
  const html =
    '<div dir="ltr">좋습니다.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">2026년 12월 7일 (월) 오후 3:00, 김철수 &lt;kim@example.net&gt;님이 작성:<br></div>' +
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">견적서 보내드립니다.</blockquote></div>';
  const { html: out, folded } = fold(html);
  assert.equal(folded, true);
  assert.equal(out.indexOf("<details"), html.indexOf('<div class="gmail_quote">'));
  assert.ok(out.startsWith('<div dir="ltr">좋습니다.</div><br><details class="zm-quote">'));
});

test("a blockquote folds as itself: text after it (an inline answer) stays visible", () => {
  const html = "<p>답변입니다</p><blockquote><p>질문 1</p><blockquote>더 예전</blockquote></blockquote><p>그리고 이것</p>";
  const { html: out } = fold(html);
  assert.equal(out, '<p>답변입니다</p><details class="zm-quote"><summary>이전 내용 보기</summary><blockquote><p>질문 1</p><blockquote>더 예전</blockquote></blockquote></details><p>그리고 이것</p>');
});

test("HTML: the original-message line folds from its paragraph; a mail that is only a quote is not folded", () => {
  const out = fold("<p>확인</p><p>-----Original Message-----<br>From: kim</p><p>본문</p>").html;
  assert.ok(out.startsWith('<p>확인</p><details class="zm-quote"><summary>이전 내용 보기</summary><p>-----Original Message-----'));
  assert.deepEqual(fold("<blockquote>전부 인용</blockquote>"), { html: "<blockquote>전부 인용</blockquote>", folded: false });
  assert.deepEqual(fold("<p>그냥 메일</p>"), { html: "<p>그냥 메일</p>", folded: false });
});

// Markers as Korean mailers write them (Outlook 2016+ KR, Naver, Daum/Kakao, Gmail KR, Thunderbird KR).
test("plain text: Outlook's 보낸 사람/보낸 날짜 block under its underscore rule folds to the end", () => {
  const text = "첨부 확인했습니다.\n\n________________________________\n보낸 사람: 김철수 <kim@example.net>\n보낸 날짜: 2026년 12월 7일 월요일 오후 3:00\n받는 사람: 홍길동\n제목: 견적\n\n견적서 보내드립니다.";
  const segments = foldTextQuotes(text);
  assert.deepEqual(segments.map((s) => s.kind), ["text", "quote"]);
  assert.match(segments[1].text, /^_{8,}\n보낸 사람:/);
  assert.deepEqual(foldTextQuotes("네\n\nFrom: Kim <kim@example.net>\nSent: Monday, December 7, 2026 3:00 PM\nTo: Hong\n\n본문").map((s) => s.kind), ["text", "quote"]);
  // A lone "From:" line in the mail's own text is not a header block.
  assert.equal(foldTextQuotes("From: 서울 지사\n내일 뵙겠습니다.\n").length, 1);
});

test("plain text: Naver's and Daum's original-message lines (spaced and Korean variants) fold", () => {
  for (const marker of ["-----Original Message-----", "------- Original Message -------", "---------원본 메시지---------", "-----원본 메일-----"]) {
    const text = `확인했습니다.\n\n${marker}\nFrom: "김철수"<kim@naver.com>\nTo: "홍길동"<hong@zioinfo.co.kr>;\nCc:\nSent: 2026-12-07 (월) 15:00:00\nSubject: 견적\n\n견적서입니다.`;
    assert.deepEqual(foldTextQuotes(text).map((s) => s.kind), ["text", "quote"], marker);
  }
});

test("plain text: Thunderbird's 쓴 글: and Apple Mail's 작성: attribution lines join their quote", () => {
  for (const attribution of ["2026-12-07 오후 3:00에 김철수 이(가) 쓴 글:", "2026. 12. 7. 오후 3:00, 김철수 <kim@example.net> 작성:", "On Mon, Dec 7, 2026 at 3:00 PM Kim <kim@example.net> wrote:"]) {
    const segments = foldTextQuotes(`좋습니다.\n\n${attribution}\n> 견적서 보내드립니다.`);
    assert.deepEqual(segments.map((s) => s.kind), ["text", "quote"], attribution);
    assert.ok(segments[1].text.startsWith(attribution));
  }
});

test("HTML: Naver's original-message div and Daum's blockquote fold", () => {
  const naver = '<div><p>확인했습니다.</p></div><div style="border:0"><p>-----Original Message-----<br>From: "김철수"&lt;kim@naver.com&gt;<br>Sent: 2026-12-07 (월) 15:00:00</p><p>견적서입니다.</p></div>';
  const out = fold(naver).html;
  assert.ok(out.includes('<details class="zm-quote"><summary>이전 내용 보기</summary><p>-----Original Message-----'));
  assert.ok(out.indexOf("확인했습니다") < out.indexOf("<details"));
  const daum = '<p>네 알겠습니다.</p><p>2026년 12월 7일 (월) 오후 3:00, 김철수 님이 작성:</p><blockquote style="border-left:2px solid #ccc">견적서입니다.</blockquote>';
  assert.equal(fold(daum).folded, true);
});
