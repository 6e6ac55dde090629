// Issue 25, bugs 6 and 8: the compose form saves itself to Drafts a few seconds after the last
// change (one save at a time, each replacing the draft the previous one made), says so, knows when
// leaving would lose something, and keeps what was typed in the address fields as typed.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FetchLike } from "../src/api/mailApi";
import type { Folder } from "../src/api/types";
import { MemoryStorage, makeStores, manualScheduler, message, routedFetch } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";
const PASSWORD = "1q2w3e!Q";

const withDrafts: Folder[] = [
  { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 0, total: 120, children: [] },
  { name: "Drafts", display_name: "Drafts", delimiter: "/", role: "drafts", unseen: 0, total: 1, children: [] },
];

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Holds each POST /mail/drafts until the test lets it answer. */
function heldDrafts(fetch: FetchLike) {
  const held: (() => void)[] = [];
  const gated: FetchLike = (url, init) => {
    if (!url.startsWith("/api/mail/drafts")) return fetch(url, init);
    return new Promise((resolve) => held.push(() => resolve(fetch(url, init))));
  };
  return { fetch: gated, held, release: async () => { held.shift()?.(); for (let i = 0; i < 5; i++) await tick(); } };
}

async function signedIn(draftUids = [77, 78, 79]) {
  const routed = routedFetch({ folders: withDrafts, draftUids });
  const gate = heldDrafts(routed.fetch);
  const timers = manualScheduler();
  const { app } = makeStores(new MemoryStorage(), { ...routed, fetch: gate.fetch }, undefined, timers);
  await app.session.login(ME, PASSWORD);
  return { app, routed, gate, timers };
}

const draftBodies = (routed: ReturnType<typeof routedFetch>) => (routed.bodies.get("POST /api/mail/drafts") ?? []) as Record<string, unknown>[];

test("the form saves itself after the last change; a change during a save is saved after it, replacing its draft", async () => {
  const { app, routed, gate, timers } = await signedIn();
  app.compose.open("new");
  assert.equal(timers.pending(), 0, "an untouched form is not saved");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr" });
  app.compose.focused()!.update({ subject: "주간 보고" });
  assert.equal(timers.pending(), 1, "each change restarts the one timer");
  assert.equal(app.compose.hasUnsavedChanges(), true);

  timers.fire();
  await tick();
  assert.equal(app.compose.focused()?.state.draftStatus.kind, "saving");
  assert.equal(gate.held.length, 1);
  app.compose.focused()!.update({ text: "이번 주 진행 상황" });
  timers.fire(); // the delay passed again while the first save is still out
  await tick();
  assert.equal(gate.held.length, 1, "saves never overlap");

  await gate.release();
  assert.equal(app.compose.focused()?.state.compose?.draftUid, 77);
  assert.equal(app.compose.focused()?.state.compose?.dirty, true, "the change made during the save is not in it");
  assert.equal(gate.held.length, 1, "saved again right after");
  await gate.release();
  const bodies = draftBodies(routed);
  assert.equal(bodies.length, 2);
  assert.equal(bodies[0]?.draft_uid, undefined);
  assert.equal(bodies[1]?.draft_uid, 77, "the second save replaces the first draft");
  assert.equal(bodies[1]?.text, "이번 주 진행 상황");
  const after = app.compose.focused()!.state;
  assert.equal(after.compose?.draftUid, 78);
  assert.equal(after.compose?.dirty, false);
  assert.equal(after.draftStatus.kind, "saved");
  assert.equal(app.compose.hasUnsavedChanges(), false);
  timers.fire();
  await tick();
  assert.equal(draftBodies(routed).length, 2, "nothing changed: no save");
});

test("what is not an address is saved as typed and comes back when the draft is reopened", async () => {
  const { app, routed, gate } = await signedIn();
  app.compose.open("new");
  app.compose.focused()!.update({ to: "정보 <info@zioinfo.co.kr>, 홍길동", cc: "kim@", subject: "초안" });
  const saving = app.compose.focused()!.saveDraft();
  await tick();
  await gate.release();
  await saving;
  const body = draftBodies(routed)[0];
  assert.deepEqual(body?.to, [{ name: "정보", email: "info@zioinfo.co.kr" }]);
  assert.deepEqual(body?.unparsed_recipients, { to: ["홍길동"], cc: ["kim@"], bcc: [] });

  const draft = message(9, {
    to: [{ name: "정보", email: "info@zioinfo.co.kr" }],
    cc: [],
    attachments: [],
    unparsed_recipients: { to: ["홍길동"], cc: ["kim@"] },
    flags: { seen: true, flagged: false, answered: false, draft: true },
  });
  const reopenRouted = routedFetch({ folders: withDrafts, messages: new Map([["Drafts/9", draft]]) });
  const { app: other } = makeStores(new MemoryStorage(), reopenRouted);
  await other.session.login(ME, PASSWORD);
  await other.mailbox.openFolder("Drafts");
  await other.compose.editDraft(9);
  assert.equal(other.compose.focused()?.state.compose?.to, "정보 <info@zioinfo.co.kr>, 홍길동");
  assert.equal(other.compose.focused()?.state.compose?.cc, "kim@");
  assert.equal(await other.compose.focused()!.send(), null);
  assert.match(other.compose.focused()?.state.compose?.error ?? "", /홍길동, kim@/, "the send is refused, naming them");
  assert.equal(reopenRouted.calls.filter((c) => c.startsWith("POST /api/mail/send")).length, 0);
});

test("a send during a save waits for it and names the draft it made", async () => {
  const { app, routed, gate, timers } = await signedIn();
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "바로 보내기" });
  timers.fire();
  await tick();
  const sending = app.compose.focused()!.send();
  await tick();
  assert.equal(routed.calls.filter((c) => c.startsWith("POST /api/mail/send")).length, 0, "not before the save answered");
  await gate.release();
  assert.deepEqual(await sending, { kind: "sent" });
  const sent = routed.bodies.get("POST /api/mail/send")?.[0] as Record<string, unknown>;
  assert.equal(sent.draft_uid, 77, "the server deletes the draft the save made");
  assert.equal(timers.pending(), 0);
});

test("× keeps the draft (saving the last changes first); 버리기 moves the saved draft to Trash", async () => {
  const { app, routed, gate } = await signedIn();
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", text: "닫아도 남는다" });
  const closing = app.compose.focused()!.closeKeeping();
  await tick();
  await gate.release();
  await closing;
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
  assert.equal(draftBodies(routed).length, 1);
  assert.ok(!routed.calls.some((c) => c.startsWith("DELETE /api/mail/messages/77")), "closing keeps the draft");

  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", text: "버릴 메일" });
  const saving = app.compose.focused()!.saveDraft(true);
  await tick();
  await gate.release();
  await saving;
  await app.compose.focused()!.discard();
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
  assert.ok(routed.calls.includes("DELETE /api/mail/messages/78?folder=Drafts"), routed.calls.join("\n"));
});

test("a failed save says so and the changes still count as unsaved", async () => {
  const { app, routed, gate, timers } = await signedIn();
  app.compose.open("new");
  app.compose.focused()!.update({ subject: "서버 오류" });
  routed.status.value = 503;
  timers.fire();
  await tick();
  await gate.release();
  assert.equal(app.compose.focused()?.state.draftStatus.kind, "failed");
  assert.equal(app.compose.hasUnsavedChanges(), true);
  assert.equal(app.compose.focused()?.state.compose?.dirty, true);
});

test("the reader that showed the continued draft follows it to the draft that replaced it", async () => {
  const draft = (uid: number, text: string) => message(uid, { text, attachments: [], flags: { seen: true, flagged: false, answered: false, draft: true } });
  const routed = routedFetch({ folders: withDrafts, messages: new Map([["Drafts/9", draft(9, "처음")], ["Drafts/77", draft(77, "고친 뒤")]]) });
  const { app, timers } = makeStores(new MemoryStorage(), routed);
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openFolder("Drafts");
  await app.mailbox.openMessage(9); // the reader shows the draft (a search of all folders may)
  await app.compose.editDraft(9);
  app.compose.focused()!.update({ text: "고친 뒤" });
  timers.fire();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(app.compose.focused()?.state.compose?.draftUid, 77);
  assert.equal(app.reader.state.openUid, 77, "draft 9 is gone: the reader shows 77");
  assert.equal(app.reader.state.message?.text, "고친 뒤");
});
