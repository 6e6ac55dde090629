import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, MailApi, csrfTokenFromCookies, outgoingJson, type FetchLike, type Uploader } from "../src/api/mailApi";
import { apiErrorFromResponse, errorKindForStatus, parseRetryAfter } from "../src/api/apiError";
import type { OutgoingMessage } from "../src/api/types";

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(status: number, body: string, headers: Record<string, string> = {}): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return new Response(body || null, { status, headers });
  };
  return { fetch, calls };
}

function header(call: Call | undefined, name: string): string | undefined {
  const headers = (call?.init?.headers ?? {}) as Record<string, string>;
  return headers[name];
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  throw new Error("expected the call to fail");
}

test("status codes map to error kinds", () => {
  assert.equal(errorKindForStatus(401), "unauthorized");
  assert.equal(errorKindForStatus(429), "rate_limited");
  assert.equal(errorKindForStatus(502), "server_unavailable");
  assert.equal(errorKindForStatus(503), "server_unavailable");
  assert.equal(errorKindForStatus(413), "too_large");
  assert.equal(errorKindForStatus(400), "bad_request");
  assert.equal(errorKindForStatus(404), "not_found");
  assert.equal(errorKindForStatus(500), "unknown");
});

test("401 at login carries 인증 실패 and does not count as a lost session", async () => {
  const { fetch } = fakeFetch(401, JSON.stringify({ detail: "인증 실패" }));
  let lost = 0;
  const api = new MailApi({ fetch, cookies: () => "", onUnauthorized: () => lost++ });
  const error = await failure(api.login("ythong@zioinfo.co.kr", "wrong"));
  assert.equal(error.kind, "unauthorized");
  assert.equal(error.status, 401);
  assert.equal(error.detail, "인증 실패");
  assert.equal(lost, 0);
});

test("401 on a mail call reports the lost session", async () => {
  const { fetch } = fakeFetch(401, JSON.stringify({ detail: "token expired" }));
  let lost = 0;
  const api = new MailApi({ fetch, cookies: () => "", onUnauthorized: () => lost++ });
  const error = await failure(api.folders());
  assert.equal(error.kind, "unauthorized");
  assert.equal(lost, 1);
});

test("429 carries Retry-After seconds", async () => {
  const { fetch } = fakeFetch(429, JSON.stringify({ detail: "too many attempts" }), { "Retry-After": "120" });
  const error = await failure(new MailApi({ fetch, cookies: () => "" }).login("a@b.kr", "x"));
  assert.equal(error.kind, "rate_limited");
  assert.equal(error.retryAfter, 120);
  assert.equal(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1)), 60);
  assert.equal(parseRetryAfter("soon"), null);
});

test("502 means the mail server is down, also when the body is not JSON", async () => {
  const { fetch } = fakeFetch(502, "<html>Bad Gateway</html>");
  const error = await failure(new MailApi({ fetch, cookies: () => "" }).login("a@b.kr", "x"));
  assert.equal(error.kind, "server_unavailable");
  assert.equal(error.detail, null);
});

test("413 on send is too_large", async () => {
  const { fetch } = fakeFetch(413, JSON.stringify({ detail: "message too large" }));
  const message: OutgoingMessage = {
    to: [{ name: "", email: "info@zioinfo.co.kr" }],
    cc: [],
    bcc: [],
    subject: "s",
    text: "t",
    inReplyTo: null,
    references: [],
    attachments: [],
    includeParts: null,
    draftUid: null,
    replyTo: null,
  };
  const error = await failure(new MailApi({ fetch, cookies: () => "" }).send(message));
  assert.equal(error.kind, "too_large");
});

test("a failed send kept in Drafts is an outcome with the error that stopped it", async () => {
  const detail = "발송 실패: 연결 거부. 메일은 임시보관함에 저장되었습니다";
  const { fetch, calls } = fakeFetch(502, JSON.stringify({ code: "kept_in_drafts", status: "kept_in_drafts", detail, draft_uid: 9 }));
  const message: OutgoingMessage = {
    to: [{ name: "정보", email: "info@zioinfo.co.kr" }],
    cc: [],
    bcc: [],
    subject: "s",
    text: "t",
    inReplyTo: "<a@b>",
    references: ["<a@b>"],
    attachments: [],
    includeParts: null,
    draftUid: 3,
    replyTo: { uid: 12, folder: "INBOX" },
  };
  const outcome = await new MailApi({ fetch, cookies: () => "" }).send(message);
  assert.equal(outcome.kind, "kept_in_drafts");
  assert.equal(outcome.kind === "kept_in_drafts" && outcome.error.code, "kept_in_drafts");
  assert.equal(outcome.kind === "kept_in_drafts" && outcome.error.detail, detail);
  assert.deepEqual(JSON.parse(String(calls[0]?.init?.body)), {
    to: [{ name: "정보", email: "info@zioinfo.co.kr" }],
    cc: [],
    bcc: [],
    subject: "s",
    text: "t",
    in_reply_to: "<a@b>",
    references: ["<a@b>"],
    draft_uid: 3,
    reply_to_uid: 12,
    reply_to_folder: "INBOX",
  });
});

test("no answer at all is a network error", async () => {
  const api = new MailApi({
    fetch: async () => {
      throw new TypeError("Failed to fetch");
    },
    cookies: () => "",
  });
  assert.equal((await failure(api.folders())).kind, "network");
});

test("the CSRF cookie goes into the header of state-changing requests only", async () => {
  const { fetch, calls } = fakeFetch(200, "{}");
  const api = new MailApi({ fetch, cookies: () => "zm_token=abc; zm_csrf=tok%2B1; other=x" });
  await api.setFlags("INBOX", [7], { flagged: true });
  await api.message("INBOX", 7).catch(() => undefined);
  assert.equal(header(calls[0], "X-CSRF-Token"), "tok+1");
  assert.equal(calls[0]?.init?.method, "PATCH");
  assert.equal(calls[0]?.url, "/api/mail/messages/7?folder=INBOX");
  assert.equal(header(calls[1], "X-CSRF-Token"), undefined);
  assert.equal(calls[0]?.init?.credentials, "same-origin");
});

test("several messages use the bulk forms", async () => {
  const { fetch, calls } = fakeFetch(200, "{}");
  const api = new MailApi({ fetch, cookies: () => "" });
  await api.setFlags("INBOX", [1, 2], { seen: true });
  await api.delete("INBOX", [3, 4]);
  await api.delete("INBOX", [5]);
  assert.deepEqual(
    calls.map((c) => `${c.init?.method} ${c.url} ${c.init?.body ?? ""}`),
    [
      'POST /api/mail/messages/flags {"folder":"INBOX","uids":[1,2],"seen":true}',
      'POST /api/mail/messages/delete {"folder":"INBOX","uids":[3,4]}',
      "DELETE /api/mail/messages/5?folder=INBOX ",
    ],
  );
});

test("csrf cookie lookup", () => {
  assert.equal(csrfTokenFromCookies("a=1; XSRF-TOKEN=q"), "q");
  assert.equal(csrfTokenFromCookies("a=1"), null);
});

test("URLs encode folder names and parts", () => {
  const api = new MailApi({ fetch: fakeFetch(200, "{}").fetch, cookies: () => "" });
  assert.equal(api.attachmentUrl("프로젝트/2026", 5, "2.1"), "/api/mail/messages/5/attachments/2.1?folder=%ED%94%84%EB%A1%9C%EC%A0%9D%ED%8A%B8%2F2026");
  assert.equal(api.rawUrl("INBOX", 5), "/api/mail/messages/5/raw?folder=INBOX");
  assert.equal(api.previewUrl("거래처", 5, "3"), "/api/mail/messages/5/attachments/3/preview?folder=%EA%B1%B0%EB%9E%98%EC%B2%98");
  assert.equal(api.zipUrl("INBOX", 5), "/api/mail/messages/5/attachments.zip?folder=INBOX");
});

test("message list query", async () => {
  const { fetch, calls } = fakeFetch(200, JSON.stringify({ total: 0, page: 2, size: 50, messages: [] }));
  const page = await new MailApi({ fetch, cookies: () => "" }).messages({ folder: "INBOX", page: 2, size: 50, q: "견적" });
  assert.equal(page.page, 2);
  assert.equal(calls[0]?.url, "/api/mail/messages?folder=INBOX&page=2&size=50&q=%EA%B2%AC%EC%A0%81");
});


function fakeUploader(status: number, body: string, progress: number[] = [0.25, 1]) {
  const seen: { url: string; file: unknown; headers: Record<string, string> }[] = [];
  const upload: Uploader = async (url, form, headers, onProgress) => {
    seen.push({ url, file: form.get("file"), headers });
    for (const p of progress) onProgress(p);
    return { status, body, retryAfter: null };
  };
  return { upload, seen };
}

test("an upload posts the file as field `file` with the CSRF header, reports progress, returns the server's record", async () => {
  const { upload, seen } = fakeUploader(201, JSON.stringify({ id: "abc", filename: "견적서.pdf", content_type: "application/pdf", size: 3 }));
  const api = new MailApi({ fetch: fakeFetch(200, "{}").fetch, cookies: () => "zm_csrf=t", upload });
  const progress: number[] = [];
  const uploaded = await api.uploadFile(new Blob(["pdf"]), "견적서.pdf", (p) => progress.push(p));
  assert.deepEqual(uploaded, { id: "abc", filename: "견적서.pdf", content_type: "application/pdf", size: 3 });
  assert.equal(seen[0]?.url, "/api/mail/uploads");
  assert.equal(seen[0]?.headers["X-CSRF-Token"], "t");
  const file = seen[0]?.file;
  assert.ok(file instanceof File);
  assert.equal(file.name, "견적서.pdf");
  assert.deepEqual(progress, [0.25, 1, 1]);
});

test("upload errors: 413 is too_large, 401 ends the session, a body without id is an error", async () => {
  let lost = 0;
  const tooLarge = new MailApi({ upload: fakeUploader(413, JSON.stringify({ detail: "최대 25 MB" })).upload, cookies: () => "" });
  const error = await failure(tooLarge.uploadFile(new Blob(["x"]), "x", () => {}));
  assert.equal(error.kind, "too_large");
  assert.equal(error.detail, "최대 25 MB");
  const expired = new MailApi({ upload: fakeUploader(401, "{}").upload, cookies: () => "", onUnauthorized: () => lost++ });
  assert.equal((await failure(expired.uploadFile(new Blob(["x"]), "x", () => {}))).kind, "unauthorized");
  assert.equal(lost, 1);
  const odd = new MailApi({ upload: fakeUploader(201, "<html>").upload, cookies: () => "" });
  assert.equal((await failure(odd.uploadFile(new Blob(["x"]), "x", () => {}))).kind, "unknown");
});

test("deleting an upload is DELETE /mail/uploads/{id} with the CSRF header", async () => {
  const { fetch, calls } = fakeFetch(204, "");
  await new MailApi({ fetch, cookies: () => "zm_csrf=t" }).deleteUpload("a/b");
  assert.equal(calls[0]?.url, "/api/mail/uploads/a%2Fb");
  assert.equal(calls[0]?.init?.method, "DELETE");
  assert.equal(header(calls[0], "X-CSRF-Token"), "t");
});

test("send and draft bodies name upload ids and the parts of an existing message; empty ones are left out", async () => {
  const message: OutgoingMessage = {
    to: [{ name: "", email: "info@zioinfo.co.kr" }],
    cc: [],
    bcc: [{ name: "", email: "boss@zioinfo.co.kr" }],
    subject: "Fwd: 견적",
    text: "t",
    inReplyTo: null,
    references: [],
    attachments: ["u1", "u2"],
    includeParts: { folder: "INBOX", uid: 42, parts: ["2", "3.1"] },
    draftUid: 5,
    replyTo: null,
  };
  const { fetch, calls } = fakeFetch(200, JSON.stringify({ uid: 6 }));
  const api = new MailApi({ fetch, cookies: () => "" });
  assert.deepEqual(await api.saveDraft(message), { uid: 6 });
  const body = JSON.parse(String(calls[0]?.init?.body)) as Record<string, unknown>;
  assert.equal(calls[0]?.url, "/api/mail/drafts");
  assert.equal(header(calls[0], "Content-Type"), "application/json");
  assert.deepEqual(body.attachments, ["u1", "u2"]);
  assert.deepEqual(body.include_parts, { folder: "INBOX", uid: 42, parts: ["2", "3.1"] });
  assert.deepEqual(body.bcc, [{ name: "", email: "boss@zioinfo.co.kr" }]);
  assert.equal(body.draft_uid, 5);
  const plain = outgoingJson({ ...message, attachments: [], includeParts: { folder: "INBOX", uid: 42, parts: [] } });
  assert.ok(!("attachments" in plain) && !("include_parts" in plain));
});

test("a forward names its original, which the server then marks $Forwarded; other mail names none", () => {
  const base = { to: [], cc: [], bcc: [], subject: "", text: "", inReplyTo: null, references: [], attachments: [], includeParts: null, draftUid: null, replyTo: null };
  const forward = outgoingJson({ ...base, forwardOf: { uid: 9, folder: "거래처 메일" } });
  assert.equal(forward.forwarded_uid, 9);
  assert.equal(forward.forwarded_folder, "거래처 메일");
  assert.ok(!("forwarded_uid" in outgoingJson(base)));
});

test("a refused login carries the tries left; a 429 its wait (issue 23 item 6)", () => {
  const refused = apiErrorFromResponse(401, JSON.stringify({ detail: "인증 실패", attempts_left: 3 }), null);
  assert.equal(refused.kind, "unauthorized");
  assert.equal(refused.attemptsLeft, 3);
  assert.equal(apiErrorFromResponse(401, JSON.stringify({ detail: "인증 실패" }), null).attemptsLeft, null);
  assert.equal(apiErrorFromResponse(401, JSON.stringify({ attempts_left: "3" }), null).attemptsLeft, null);
  const limited = apiErrorFromResponse(429, JSON.stringify({ detail: "로그인 시도가 너무 많습니다" }), "120");
  assert.equal(limited.kind, "rate_limited");
  assert.equal(limited.retryAfter, 120);
});

test("folders and a send read the server's one answer shape", async () => {
  const folder = { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 0, total: 0, children: [] };
  const listed = await new MailApi({ fetch: fakeFetch(200, JSON.stringify({ folders: [folder] })).fetch, cookies: () => "" }).folders();
  assert.deepEqual(listed, [folder]);
  const sent = await new MailApi({ fetch: fakeFetch(200, JSON.stringify({ status: "sent", message_id: "<x@y>" })).fetch, cookies: () => "" });
  assert.deepEqual(await sent.send({ to: [], cc: [], bcc: [], subject: "", text: "", inReplyTo: null, references: [], attachments: [], includeParts: null, draftUid: null, replyTo: null }), { kind: "sent" });
});
