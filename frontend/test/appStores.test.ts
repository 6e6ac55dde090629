import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStorage, makeStores, message, routedFetch } from "./storeHarness";

// The reactions of one store to another, as wired in store/appStores.ts.

test("login loads folders and the first page, and the title shows the unread count", async () => {
  const { app, titles } = makeStores();
  await assert.rejects(app.session.login("ythong@zioinfo.co.kr", "wrong"), (e: unknown) => (e as { kind?: string }).kind === "unauthorized");
  assert.equal(app.session.state.session, null);
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.deepEqual(app.session.state.session, { email: "ythong@zioinfo.co.kr" });
  assert.equal(app.mailbox.state.messages.length, 50);
  assert.equal(app.mailbox.state.total, 120);
  assert.equal(titles[titles.length - 1], "(2) 받은편지함 - 지오정보기술 웹메일");
  app.language.setLanguage("en");
  assert.equal(titles[titles.length - 1], "(2) Inbox - Zioinfo Webmail");
});

test("a 401 keeps the message being written and restores it after the next login", async () => {
  const storage = new MemoryStorage();
  const { app, routed } = makeStores(storage);
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  app.compose.open("new");
  app.compose.focused()!.update({ to: "info@zioinfo.co.kr", subject: "보고서", text: "긴 본문…" });
  routed.status.value = 401;
  await app.mailbox.loadList();
  assert.equal(app.session.state.session, null);
  assert.equal(app.compose.focused()?.state.compose ?? null, null);
  assert.equal(app.session.state.loginNotice, "세션이 만료되었습니다. 다시 로그인하세요.");
  routed.status.value = 200;
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const restored = app.compose.focused()?.state.compose ?? null; // (not narrowed by the assert above)
  assert.equal(restored?.subject, "보고서");
  assert.equal(restored?.text, "긴 본문…");
  assert.ok(routed.calls.some((c) => c.startsWith("POST /api/mail/drafts")), "restored draft is saved to Drafts");
});

test("a lost session clears the list, the reader and the form, and closes the push feed", async () => {
  const { app, routed, listeners } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await app.mailbox.openMessage(120);
  assert.ok(listeners.size > 0, "the feed is connected while signed in");
  routed.status.value = 401;
  await app.mailbox.loadList();
  assert.equal(app.session.state.session, null);
  assert.equal(app.reader.state.openUid, null);
  assert.equal(app.reader.state.message, null);
  assert.deepEqual(app.mailbox.state.messages, []);
  assert.deepEqual(app.mailbox.state.folders, []);
  assert.equal(listeners.size, 0, "the feed is closed");
});

test("opening an unread message marks it read with an explicit request, then reloads the counts", async () => {
  const unread = message(120, { flags: { seen: false, flagged: false, answered: false, draft: false } });
  const { app, routed } = makeStores(new MemoryStorage(), routedFetch({ messages: new Map([["INBOX/120", unread]]) }));
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const before = routed.calls.length;
  app.mailbox.click(120, "none"); // unread in the fake server's list
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const after = routed.calls.slice(before);
  assert.deepEqual(after, ["GET /api/mail/messages/120?folder=INBOX", "PATCH /api/mail/messages/120?folder=INBOX", "GET /api/mail/folders"]);
  assert.equal(app.mailbox.state.messages[0]?.flags.seen, true);
});

test("Enter opens the message at the cursor", async () => {
  const { app } = makeStores(new MemoryStorage());
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  app.mailbox.moveCursor(1);
  app.openAtCursor();
  assert.equal(app.reader.state.openUid, 119);
});
