// Issue 29: 보내기 goes through the server's outbox with the undo window of the settings; the toast
// counts down with 발송 취소, which takes the mail back and reopens it in compose; 예약 발송's times
// are wall-clock times of Asia/Seoul.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FetchLike } from "../src/api/mailApi";
import type { Folder } from "../src/api/types";
import { fromLocalInput, mondayAtNine, tomorrowAtNine } from "../src/lib/sendTimes";
import { MemoryStorage, makeStores, manualScheduler, message, routedFetch } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";
const PASSWORD = "1q2w3e!Q";
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const withDrafts: Folder[] = [
  { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 0, total: 120, children: [] },
  { name: "Drafts", display_name: "Drafts", delimiter: "/", role: "drafts", unseen: 0, total: 1, children: [] },
];

test("the presets and a picked time are times of Asia/Seoul", () => {
  const lateMonday = Date.parse("2026-12-07T23:30:00+09:00");
  assert.equal(new Date(tomorrowAtNine(lateMonday)).toISOString(), "2026-12-08T00:00:00.000Z");
  assert.equal(new Date(mondayAtNine(lateMonday)).toISOString(), "2026-12-14T00:00:00.000Z", "on a Monday: the next one");
  assert.equal(new Date(mondayAtNine(Date.parse("2026-12-09T10:00:00+09:00"))).toISOString(), "2026-12-14T00:00:00.000Z");
  assert.equal(new Date(fromLocalInput("2026-12-31T18:05") ?? 0).toISOString(), "2026-12-31T09:05:00.000Z");
  assert.equal(fromLocalInput(""), null);
});

test("보내기 waits the undo window on the server; 발송 취소 reopens the mail from Drafts", async () => {
  const routed = routedFetch({ folders: withDrafts, messages: new Map([["Drafts/42", message(42, { subject: "되돌릴 메일" })]]) });
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith("/api/mail/send")) {
      await routed.fetch(url, init); // records the body
      return new Response(JSON.stringify({ status: "queued", outbox_id: "ob1", send_at: "2026-12-07T05:00:10Z" }), { status: 202 });
    }
    if (url === "/api/mail/outbox/ob1" && init?.method === "DELETE") return new Response(JSON.stringify({ draft_uid: 42 }), { status: 200 });
    return routed.fetch(url, init);
  };
  const { app } = makeStores(new MemoryStorage(), { ...routed, fetch }, undefined, manualScheduler());
  await app.session.login(ME, PASSWORD);
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "되돌릴 메일", text: "본문" });
  const outcome = await app.compose.focused()!.send();
  assert.equal(outcome?.kind, "queued");
  const body = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.equal(body.delay_seconds, 10, "the settings' default undo window");
  const toast = app.notices.state.notices[app.notices.state.notices.length - 1];
  assert.ok(toast?.until && toast.action?.label === "발송 취소" && toast.text.includes("{seconds}"), JSON.stringify(toast));
  assert.equal(app.compose.state.windows.length, 0);
  await toast.action.run();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(app.compose.state.windows.length, 1);
  assert.equal(app.compose.focused()?.state.compose?.subject, "되돌릴 메일");
  assert.equal(app.compose.focused()?.state.compose?.draftUid, 42);
});

test("예약 발송 sends send_at and no delay", async () => {
  const routed = routedFetch({ folders: withDrafts });
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith("/api/mail/send")) {
      await routed.fetch(url, init);
      return new Response(JSON.stringify({ status: "queued", outbox_id: "ob2", send_at: "2026-12-08T00:00:00Z" }), { status: 202 });
    }
    return routed.fetch(url, init);
  };
  const { app } = makeStores(new MemoryStorage(), { ...routed, fetch }, undefined, manualScheduler());
  await app.session.login(ME, PASSWORD);
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "내일", text: "본문" });
  await app.compose.focused()!.send({ sendAt: "2026-12-08T00:00:00.000Z" });
  const body = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.equal(body.send_at, "2026-12-08T00:00:00.000Z");
  assert.equal(body.delay_seconds, undefined);
  assert.ok(app.notices.state.notices[app.notices.state.notices.length - 1]?.text.includes("보낼 예정입니다"));
});
