import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, type Uploader } from "../src/api/mailApi";
import type { Folder } from "../src/api/types";
import { ATTACHMENT_LIMIT_BYTES, attachmentBudget, composeFrom, outgoingFrom } from "../src/store/composeForm";
import { MemoryStorage, makeStores, message, routedFetch } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";
const PASSWORD = "1q2w3e!Q";

const withDrafts: Folder[] = [
  { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 0, total: 120, children: [] },
  { name: "Drafts", display_name: "Drafts", delimiter: "/", role: "drafts", unseen: 0, total: 1, children: [] },
];

/** An uploader whose answers the test gives, one per upload, in order. */
function manualUploader() {
  const pending: { name: string; progress: (f: number) => void; answer: (status: number, body: unknown) => void; signal?: AbortSignal }[] = [];
  const upload: Uploader = (url, body, _headers, onProgress, signal) =>
    new Promise((resolve, reject) => {
      assert.equal(url, "/api/mail/uploads");
      const file = body.get("file");
      signal?.addEventListener("abort", () => reject(new ApiError("aborted", 0, null)));
      pending.push({
        name: file instanceof File ? file.name : "",
        progress: onProgress,
        answer: (status, json) => resolve({ status, body: JSON.stringify(json), retryAfter: null }),
        signal,
      });
    });
  return { upload, pending };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("forward starts with the original's file attachments as removable chips and sends them as include_parts", async () => {
  const routed = routedFetch({ messages: new Map([["INBOX/42", message(42)]]) });
  const { app } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openMessage(42);
  app.compose.open("forward");
  const form = app.compose.focused()?.state.compose ?? null;
  assert.equal(form?.subject, "Fwd: 견적서 송부");
  assert.deepEqual(
    form?.attachments.map((a) => [a.name, a.size, a.part]),
    [
      ["견적서_2026년.pdf", 1000, "2"],
      ["표.xlsx", 500, "4.1"],
    ],
    "the HTML body's inline image is not a file",
  );
  app.compose.focused()!.removeAttachment(form?.attachments[1]?.key ?? -1);
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr" });
  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  const body = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.deepEqual(body.include_parts, { folder: "INBOX", uid: 42, parts: ["2"] });
  assert.equal(body.attachments, undefined);
  assert.equal(body.draft_uid, undefined);
});

test("첨부로 전달 sends the original whole (forward_as_attachment): no quote, no parts of it", async () => {
  const routed = routedFetch({ messages: new Map([["INBOX/42", message(42)]]) });
  const { app } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openMessage(42);
  app.compose.open("forward")?.forwardAsAttachment();
  const form = app.compose.focused()!;
  assert.equal(form.state.compose?.text, "");
  assert.deepEqual(form.state.compose?.attachments, []);
  form.update({ to: "info@zioinfo.co.kr", text: "원본을 첨부로 보냅니다." });
  assert.deepEqual(await form.send(), { kind: "sent" });
  const body = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.deepEqual(body.forward_as_attachment, { folder: "INBOX", uid: 42 });
  assert.equal(body.include_parts, undefined);
  assert.equal(body.text, "원본을 첨부로 보냅니다.");
  assert.equal(body.html, undefined);
  assert.deepEqual([body.forwarded_uid, body.forwarded_folder], [42, "INBOX"], "the original still gets its $Forwarded mark");
});

test("an HTML form names the images its HTML shows and sends no text (the server writes it)", () => {
  let keys = 0;
  // outgoingFrom is the plain request; HTML mode's withHtml (composeHtml, needs a DOM) adds the
  // html and the inline parts: the plain request must not carry the HTML body's images.
  const form = { ...composeFrom("forward", message(42), { folder: "INBOX", me: ME, language: "ko", nextKey: () => ++keys, format: "html" }) };
  assert.deepEqual(
    form.attachments.map((a) => [a.part, a.contentId ?? null]),
    [["2", null], ["4.1", null], ["3", "logo@x"]],
  );
  const plain = outgoingFrom(form, { to: [], cc: [], bcc: [] });
  assert.deepEqual(plain.includeParts?.parts, ["2", "4.1"]);
  assert.equal(form.htmlOrigin?.message.uid, 42);
});

test("a draft reopens in compose with its recipients, Bcc, subject, body and attachments", async () => {
  const draft = message(9, {
    subject: "작성 중인 보고서",
    to: [{ name: "정보", email: "info@zioinfo.co.kr" }],
    cc: [{ name: "", email: "admin@zioinfo.co.kr" }],
    bcc: [{ name: "", email: "boss@zioinfo.co.kr" }],
    text: "초안 본문",
    in_reply_to: "<q@x>",
    references: ["<q@x>"],
    flags: { seen: true, flagged: false, answered: false, draft: true },
  });
  const resaved = message(78, { attachments: [{ part: "2", filename: "견적서_2026년.pdf", content_type: "application/pdf", size: 1000, inline: false, content_id: null }] });
  const routed = routedFetch({ folders: withDrafts, messages: new Map([["Drafts/9", draft], ["Drafts/78", resaved]]), draftUids: [78] });
  const { app } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openFolder("Drafts");
  await app.compose.editDraft(9);
  const form = app.compose.focused()?.state.compose ?? null;
  assert.equal(form?.mode, "draft");
  assert.equal(form?.to, "정보 <info@zioinfo.co.kr>");
  assert.equal(form?.cc, "admin@zioinfo.co.kr");
  assert.equal(form?.bcc, "boss@zioinfo.co.kr");
  assert.equal(form?.subject, "작성 중인 보고서");
  assert.equal(form?.text, "초안 본문");
  assert.equal(form?.draftUid, 9);
  assert.deepEqual(form?.attachments.map((a) => a.part), ["2", "4.1"]);

  // Saving replaces the draft; the chips then name the new draft's parts (the old one is gone).
  app.compose.focused()!.removeAttachment(form?.attachments[1]?.key ?? -1);
  app.compose.focused()!.update({ subject: "완성된 보고서" });
  await app.compose.focused()!.saveDraft();
  const saved = routed.bodies.get("POST /api/mail/drafts")?.[0] as Record<string, unknown>;
  assert.equal(saved.draft_uid, 9);
  assert.deepEqual(saved.bcc, [{ name: "", email: "boss@zioinfo.co.kr" }]);
  assert.deepEqual(saved.include_parts, { folder: "Drafts", uid: 9, parts: ["2"] });
  assert.equal(saved.in_reply_to, "<q@x>");
  assert.equal(app.compose.focused()?.state.compose?.draftUid, 78);
  assert.deepEqual(app.compose.focused()?.state.compose?.source, { folder: "Drafts", uid: 78 });

  // Sending names the latest draft, which the server deletes once sent.
  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  const sent = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.equal(sent.draft_uid, 78);
  assert.equal(sent.subject, "완성된 보고서");
  assert.deepEqual(sent.include_parts, { folder: "Drafts", uid: 78, parts: ["2"] });
});

test("outside Drafts, Enter and double-click open the message, not compose", async () => {
  const routed = routedFetch({ folders: withDrafts, messages: new Map([["INBOX/120", message(120)]]) });
  const { app } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.compose.editDraft(120);
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
  app.openAtCursor();
  await tick();
  await tick();
  assert.equal(app.reader.state.message?.uid, 120);
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
});

test("picked files upload at once with progress on their chip; send waits for them and names the upload ids", async () => {
  const { upload, pending } = manualUploader();
  const routed = routedFetch();
  const { app } = makeStores(new MemoryStorage(), routed, upload);
  await app.session.login(ME, PASSWORD);
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "첨부" });
  app.compose.focused()!.addFiles([new File(["회의록"], "회의록.txt"), new File(["x".repeat(10)], "b.bin")]);
  assert.deepEqual(pending.map((p) => p.name), ["회의록.txt", "b.bin"]);
  pending[0]?.progress(0.5);
  assert.deepEqual(app.compose.focused()?.state.compose?.attachments.map((a) => a.progress), [0.5, 0]);
  assert.equal(await app.compose.focused()!.send(), null, "not while uploading");
  assert.equal(app.compose.focused()?.state.compose?.error, "업로드 중이거나 실패한 첨부파일이 있습니다.");

  pending[0]?.answer(201, { id: "u1", filename: "회의록.txt", content_type: "text/plain", size: 9 });
  pending[1]?.answer(413, { detail: "too large" });
  await tick();
  const [first, second] = app.compose.focused()?.state.compose?.attachments ?? [];
  assert.equal(first?.uploadId, "u1");
  assert.equal(first?.progress, null);
  assert.equal(second?.error, "메일이 서버의 최대 크기를 넘습니다.");
  app.compose.focused()!.removeAttachment(second?.key ?? -1);

  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  const body = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.deepEqual(body.attachments, ["u1"]);
  assert.equal(body.include_parts, undefined);
});

test("a file over the size limit is refused without uploading; removing an upload deletes it on the server", async () => {
  const { upload, pending } = manualUploader();
  const routed = routedFetch();
  const { app } = makeStores(new MemoryStorage(), routed, upload);
  await app.session.login(ME, PASSWORD);
  app.compose.open("new");
  const huge = { name: "big.iso", size: 26 * 1024 * 1024 } as File;
  app.compose.focused()!.addFiles([huge, new File(["a"], "a.txt")]);
  assert.equal(pending.length, 1);
  assert.equal(app.compose.focused()?.state.compose?.attachments[0]?.error, "첨부파일이 최대 크기를 넘습니다.");
  pending[0]?.answer(201, { id: "u 2", filename: "a.txt", content_type: "text/plain", size: 1 });
  await tick();
  app.compose.focused()!.removeAttachment(app.compose.focused()?.state.compose?.attachments[1]?.key ?? -1);
  assert.ok(routed.calls.includes("DELETE /api/mail/uploads/u%202"));
  // an upload removed while in flight is aborted
  app.compose.focused()!.addFiles([new File(["b"], "b.txt")]);
  app.compose.focused()!.removeAttachment(app.compose.focused()?.state.compose?.attachments[1]?.key ?? -1);
  assert.equal(pending[1]?.signal?.aborted, true);
});

test("the attachment limit leaves room for base64: a file the server would refuse once encoded is refused on its chip", async () => {
  // 25 MB message → about 18.2 MB of files (4/3 for base64 plus line breaks, 64 KB for the rest).
  assert.equal(attachmentBudget(25 * 1024 * 1024), Math.floor((25 * 1024 * 1024 - 65536) / 78) * 57);
  assert.ok(ATTACHMENT_LIMIT_BYTES > 18 * 1024 * 1024 && ATTACHMENT_LIMIT_BYTES < 19 * 1024 * 1024);
  const encoded = Math.ceil(ATTACHMENT_LIMIT_BYTES / 57) * 78;
  assert.ok(encoded + 65536 <= 25 * 1024 * 1024);
  const { upload, pending } = manualUploader();
  const { app } = makeStores(new MemoryStorage(), routedFetch(), upload);
  await app.session.login(ME, PASSWORD);
  app.compose.open("new");
  app.compose.focused()!.addFiles([{ name: "video.mp4", size: 20 * 1024 * 1024 } as File]);
  assert.equal(pending.length, 0);
  assert.equal(app.compose.focused()?.state.compose?.attachments[0]?.error, "첨부파일이 최대 크기를 넘습니다.");
});

test("the limit follows the server's max_message_bytes from /auth/me", async () => {
  const { upload, pending } = manualUploader();
  const routed = routedFetch({ maxMessageBytes: 5 * 1024 * 1024 });
  const { app } = makeStores(new MemoryStorage(), routed, upload);
  await app.session.login(ME, PASSWORD);
  await tick();
  assert.ok(routed.calls.includes("GET /api/auth/me"));
  assert.equal(app.compose.state.attachmentLimit, attachmentBudget(5 * 1024 * 1024));
  app.compose.open("new");
  app.compose.focused()!.addFiles([{ name: "scan.pdf", size: 4 * 1024 * 1024 } as File]);
  assert.equal(pending.length, 0);
  assert.equal(app.compose.focused()?.state.compose?.attachments[0]?.error, "첨부파일이 최대 크기를 넘습니다.");
});

test("a 401 keeps the attachments: after the next login the draft is saved with their ids and parts", async () => {
  const storage = new MemoryStorage();
  const { upload, pending } = manualUploader();
  const routed = routedFetch({ messages: new Map([["INBOX/42", message(42)]]) });
  const { app } = makeStores(storage, routed, upload);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openMessage(42);
  app.compose.open("forward");
  app.compose.focused()!.addFiles([new File(["z"], "추가.txt"), new File(["y"], "unfinished.txt")]);
  pending[0]?.answer(201, { id: "u9", filename: "추가.txt", content_type: "text/plain", size: 1 });
  await tick();
  routed.status.value = 401;
  await app.mailbox.loadList();
  assert.equal(app.session.state.session, null);
  assert.equal(pending[1]?.signal?.aborted, true, "an upload in flight cannot finish without a session");
  routed.status.value = 200;
  await app.session.login(ME, PASSWORD);
  assert.deepEqual(app.compose.focused()?.state.compose?.attachments.map((a) => a.name), ["견적서_2026년.pdf", "표.xlsx", "추가.txt"]);
  await tick();
  const saved = routed.bodies.get("POST /api/mail/drafts")?.[0] as Record<string, unknown>;
  assert.deepEqual(saved.attachments, ["u9"]);
  assert.deepEqual(saved.include_parts, { folder: "INBOX", uid: 42, parts: ["2", "4.1"] });
});

test("send validates recipients before calling the server", async () => {
  const { app, routed } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  app.compose.open("new");
  assert.equal(await app.compose.focused()!.send(), null);
  assert.equal(app.compose.focused()?.state.compose?.error, "받는 사람을 한 명 이상 입력하세요.");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr, 이상한주소" });
  assert.equal(await app.compose.focused()!.send(), null);
  assert.match(app.compose.focused()?.state.compose?.error ?? "", /이상한주소/);
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "안녕" });
  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
  assert.ok(routed.calls.includes("POST /api/mail/send"));
});

test("a sent forward names its original for the server's $Forwarded mark; a reply names it as answered", async () => {
  const routed = routedFetch({ messages: new Map([["INBOX/42", message(42)]]) });
  const { app } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openMessage(42);
  app.compose.open("forward");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr" });
  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  const forward = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.equal(forward.forwarded_uid, 42);
  assert.equal(forward.forwarded_folder, "INBOX");
  assert.ok(!("reply_to_uid" in forward));
  app.compose.open("reply");
  assert.deepEqual(await app.compose.focused()!.send(), { kind: "sent" });
  const reply = routed.bodies.get("POST /api/mail/send")?.[1] as Record<string, unknown>;
  assert.equal(reply.reply_to_uid, 42);
  assert.ok(!("forwarded_uid" in reply));
});
