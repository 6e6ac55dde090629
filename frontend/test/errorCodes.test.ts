import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ApiError, apiErrorFromResponse } from "../src/api/apiError";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import { ERROR_TEXTS, describeError } from "../src/lib/errorCodes";
// The lazy chunks' codes, as those chunks register them when they load.
import "../src/pages/sieveErrorTexts";
import "../src/lib/largeFileErrorTexts";
import { AppStores } from "../src/store/appStores";
import { MemoryStorage } from "./storeHarness";

const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;

test("the code of an error body is read into ApiError", () => {
  const error = apiErrorFromResponse(404, JSON.stringify({ code: "folder_not_found", detail: "편지함을 찾을 수 없습니다" }), null);
  assert.equal(error.code, "folder_not_found");
  assert.equal(error.detail, "편지함을 찾을 수 없습니다");
  assert.equal(apiErrorFromResponse(502, "<html>Bad Gateway</html>", null).code, null);
});

test("an English UI shows the SPA's English text for an error whose detail is Korean", () => {
  const error = apiErrorFromResponse(502, JSON.stringify({ code: "mail_server_unavailable", detail: "메일 서버에 연결할 수 없습니다" }), null);
  const english = describeError(error, "en");
  assert.equal(english, "The mail server cannot be reached. Try again shortly.");
  assert.doesNotMatch(english, HANGUL);
  assert.equal(describeError(error, "ko"), "메일 서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.");
});

test("an unknown code falls back to a text by the status, then to the server's detail", () => {
  const unknownCode = apiErrorFromResponse(413, JSON.stringify({ code: "something_new", detail: "새로운 오류" }), null);
  assert.equal(describeError(unknownCode, "en"), "The message is larger than the server allows.");
  const noKindText = apiErrorFromResponse(500, JSON.stringify({ code: "something_new", detail: "새로운 오류" }), null);
  assert.equal(describeError(noKindText, "en"), "새로운 오류");
  assert.equal(describeError(new ApiError("unknown", 500, null), "en"), "unknown (500)");
});

test("a rate limit says how long to wait, whatever its code", () => {
  const error = apiErrorFromResponse(429, JSON.stringify({ code: "rate_limited", detail: "로그인 시도가 너무 많습니다" }), "30");
  assert.equal(describeError(error, "en"), "Too many login attempts. Try again in 30 seconds.");
});

test("every code has a Korean and an English text, and the English one has no Korean in it", () => {
  for (const [code, text] of Object.entries(ERROR_TEXTS)) {
    assert.ok(text.ko.trim() && HANGUL.test(text.ko), code);
    assert.ok(text.en.trim(), code);
    assert.doesNotMatch(text.en, HANGUL, code);
  }
  // Every code docs/api.yaml lists (its ErrorCode schema, which the server's tests hold to the
  // server's ErrorCode) has the SPA's own words.
  const documented = [...readFileSync("../docs/api.yaml", "utf8").matchAll(/^ {8}- `([a-z_]+)` \(\d{3}/gm)].map((m) => m[1]);
  assert.ok(documented.length > 40, `only ${documented.length} codes read from docs/api.yaml`);
  for (const code of [...documented, "kept_in_drafts", "not_sent"]) {
    assert.ok(ERROR_TEXTS[code], code);
  }
});

test("in the app, an English user sees English for a failed action and a failed send kept in Drafts", async () => {
  const fetch: FetchLike = async (url) => {
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    if (url.startsWith("/api/auth/login")) return json({ user: { email: "ythong@zioinfo.co.kr" } });
    if (url.startsWith("/api/auth/me")) return json({ email: "ythong@zioinfo.co.kr" });
    if (url.startsWith("/api/mail/folders")) return json({ folders: [] });
    if (url.startsWith("/api/mail/messages?")) return json({ total: 0, page: 1, size: 50, messages: [] });
    if (url.startsWith("/api/mail/messages/9?")) return json({ code: "message_not_found", detail: "메일을 찾을 수 없습니다" }, 404);
    if (url === "/api/settings") return json({ compose_format: "plain" }); // HTML mode needs a browser DOM
    if (url.startsWith("/api/mail/send")) return json({ code: "mail_server_unavailable", status: "kept_in_drafts", detail: "발송 실패: 메일 서버(SMTP)에 연결할 수 없습니다. 메일은 임시보관함에 저장되었습니다" }, 502);
    return json({});
  };
  const app = new AppStores(new MailApi({ fetch, cookies: () => "" }), { storage: new MemoryStorage() });
  app.language.setLanguage("en");
  await app.session.login("ythong@zioinfo.co.kr", "pw");
  await app.mailbox.openMessage(9);
  assert.equal(app.reader.state.messageError, "The message was not found. It may have been deleted or moved.");
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr" });
  const outcome = await app.compose.focused()!.send();
  assert.equal(outcome?.kind, "kept_in_drafts");
  assert.deepEqual(app.notices.state.notices.map((n) => n.text), [
    "Not sent. The message was saved in Drafts. The mail server cannot be reached. Try again shortly.",
  ]);
});
