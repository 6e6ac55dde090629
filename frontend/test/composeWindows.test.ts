// Issue 25, "compose that does not block": several compose windows at once, each its own form with
// its own autosave and draft; closing one keeps the others; at most MAX_COMPOSE_WINDOWS.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_COMPOSE_WINDOWS } from "../src/store/composeStore";
import type { Folder } from "../src/api/types";
import { MemoryStorage, makeStores, message, routedFetch } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";
const PASSWORD = "1q2w3e!Q";

const tick = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

type Routed = ReturnType<typeof routedFetch>;
const draftBodies = (routed: Routed) => (routed.bodies.get("POST /api/mail/drafts") ?? []) as Record<string, unknown>[];

async function signedIn(storage = new MemoryStorage()) {
  const routed = routedFetch({ draftUids: [77, 78, 79, 80, 81] });
  const stores = makeStores(storage, routed);
  await stores.app.session.login(ME, PASSWORD);
  return stores;
}

test("two windows save themselves independently, each to its own draft", async () => {
  const { app, routed, timers } = await signedIn();
  const first = app.compose.open("new");
  const second = app.compose.open("new");
  assert.ok(first && second && first !== second);
  assert.deepEqual(app.compose.state.windows.map((w) => w.form), [first, second]);
  assert.deepEqual(app.compose.state.windows.map((w) => w.id), [first.id, second.id], "a form names its window");
  assert.equal(app.compose.focused(), second, "the newest window has the focus");

  first.update({ to: "info@zioinfo.co.kr", subject: "첫 번째", text: "첫 번째 본문" });
  timers.fire();
  await tick();
  assert.equal(draftBodies(routed).length, 1, "the untouched second window is not saved");
  assert.equal(first.state.compose?.draftUid, 77);
  assert.equal(second.state.compose?.draftUid, null);

  second.update({ subject: "두 번째", text: "두 번째 본문" });
  timers.fire();
  await tick();
  const bodies = draftBodies(routed);
  assert.equal(bodies.length, 2, "the first window did not change: only the second is saved");
  assert.equal(bodies[1]?.subject, "두 번째");
  assert.equal(bodies[1]?.draft_uid, undefined, "a draft of its own, not replacing the first window's");
  assert.equal(second.state.compose?.draftUid, 78);
  assert.equal(first.state.compose?.draftUid, 77);
  assert.equal(first.state.draftStatus.kind, "saved");
  assert.equal(app.compose.hasUnsavedChanges(), false);
  second.update({ text: "더 쓰기" });
  assert.equal(app.compose.hasUnsavedChanges(), true, "any window's unsaved change counts");
});

test("closing or sending one window keeps the others open with what they hold", async () => {
  const { app, routed } = await signedIn();
  const first = app.compose.open("new");
  const second = app.compose.open("new");
  const third = app.compose.open("new");
  assert.ok(first && second && third);
  first.update({ to: "info@zioinfo.co.kr", text: "남는 창" });
  second.update({ to: "admin@zioinfo.co.kr", subject: "닫을 창", text: "임시보관함에 남는다" });
  third.update({ to: "boss@zioinfo.co.kr", subject: "보낼 창" });
  const [, secondWindow] = app.compose.state.windows;
  await app.compose.close(secondWindow?.id ?? -1);
  assert.deepEqual(app.compose.state.windows.map((w) => w.form), [first, third]);
  assert.equal(draftBodies(routed)[0]?.subject, "닫을 창", "closing saved its draft first");
  assert.ok(!routed.calls.some((c) => c.startsWith("DELETE")), "the closed window's draft stays in Drafts");

  assert.deepEqual(await third.send(), { kind: "sent" });
  assert.deepEqual(app.compose.state.windows.map((w) => w.form), [first]);
  assert.equal(app.compose.focused(), first, "the focus goes to a window still open");
  assert.equal(first.state.compose?.text, "남는 창");
  assert.equal(first.state.compose?.to, "info@zioinfo.co.kr");
});

test(`at most ${MAX_COMPOSE_WINDOWS} windows: the next one is refused with a notice, and the minimised ones come up`, async () => {
  const { app } = await signedIn();
  for (let i = 0; i < MAX_COMPOSE_WINDOWS; i++) assert.ok(app.compose.open("new"));
  const [firstWindow] = app.compose.state.windows;
  app.compose.minimize(firstWindow?.id ?? -1);
  assert.equal(app.compose.state.windows[0]?.minimized, true);
  assert.equal(app.compose.open("new"), null);
  assert.equal(app.compose.state.windows.length, MAX_COMPOSE_WINDOWS);
  assert.equal(app.compose.state.windows[0]?.minimized, false, "shown so the user sees which to close");
  assert.deepEqual(app.notices.state.notices.map((n) => n.text), ["작성 창은 3개까지 열 수 있습니다. 하나를 닫고 다시 여세요."]);
  await app.compose.close(app.compose.state.windows[2]?.id ?? -1);
  assert.ok(app.compose.open("new"), "room again after closing one");
});

test("minimise and maximise: one window at a time over the page, minimising it puts it back in the dock", async () => {
  const { app } = await signedIn();
  app.compose.open("new");
  app.compose.open("new");
  const [a, b] = app.compose.state.windows.map((w) => w.id);
  app.compose.maximize(a ?? -1);
  assert.equal(app.compose.state.maximized, a);
  assert.equal(app.compose.state.focused, a);
  app.compose.minimize(a ?? -1);
  assert.equal(app.compose.state.maximized, null);
  assert.equal(app.compose.state.windows[0]?.minimized, true);
  app.compose.minimize(a ?? -1, false);
  assert.equal(app.compose.state.windows[0]?.minimized, false);
  assert.equal(app.compose.state.focused, a, "a window brought up has the focus");
  app.compose.maximize(b ?? -1);
  await app.compose.close(b ?? -1);
  assert.equal(app.compose.state.maximized, null, "a closed window is not maximised any more");
});

test("a 401 keeps every open window and gives them all back after the next login", async () => {
  const storage = new MemoryStorage();
  const { app, routed } = await signedIn(storage);
  app.compose.open("new")?.update({ to: "info@zioinfo.co.kr", subject: "하나", text: "첫 창" });
  app.compose.open("new")?.update({ subject: "둘", text: "둘째 창" });
  app.compose.open("new"); // untouched: nothing to keep
  routed.status.value = 401;
  await app.mailbox.loadList();
  assert.equal(app.compose.state.windows.length, 0);
  routed.status.value = 200;
  await app.session.login(ME, PASSWORD);
  await tick();
  assert.deepEqual(
    app.compose.state.windows.map((w) => [w.form.state.compose?.subject, w.form.state.compose?.text]),
    [
      ["하나", "첫 창"],
      ["둘", "둘째 창"],
    ],
  );
  assert.deepEqual(draftBodies(routed).map((b) => b.subject).sort(), ["둘", "하나"], "both are saved to Drafts again");
});

test("continuing a draft that is open already brings its window up instead of opening it twice", async () => {
  const folders: Folder[] = [
    { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 0, total: 1, children: [] },
    { name: "Drafts", display_name: "Drafts", delimiter: "/", role: "drafts", unseen: 0, total: 1, children: [] },
  ];
  const draft = message(9, { subject: "쓰던 메일", flags: { seen: true, flagged: false, answered: false, draft: true } });
  const { app } = makeStores(new MemoryStorage(), routedFetch({ folders, messages: new Map([["Drafts/9", draft]]) }));
  await app.session.login(ME, PASSWORD);
  await app.mailbox.openFolder("Drafts");
  const form = await app.compose.editDraft(9);
  assert.equal(form?.state.compose?.subject, "쓰던 메일");
  app.compose.open("new");
  app.compose.minimize(form?.id ?? -1);
  assert.equal(await app.compose.editDraft(9), form);
  assert.equal(app.compose.state.windows.length, 2);
  assert.equal(app.compose.state.windows[0]?.minimized, false);
  assert.equal(app.compose.focused(), form);
});
