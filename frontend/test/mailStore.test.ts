import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStorage, folders, makeStore, routedFetch } from "./storeHarness";
import { applyClick } from "../src/store/selection";
import { orderFolders } from "../src/lib/folders";

test("login loads folders and the first page, and the title shows the unread count", async () => {
  const { mail, titles } = makeStore();
  await assert.rejects(mail.login("ythong@zioinfo.co.kr", "wrong"), (e: unknown) => (e as { kind?: string }).kind === "unauthorized");
  assert.equal(mail.state.session, null);
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.deepEqual(mail.state.session, { email: "ythong@zioinfo.co.kr" });
  assert.equal(mail.state.messages.length, 50);
  assert.equal(mail.state.total, 120);
  assert.equal(titles[titles.length - 1], "(2) 받은편지함 - 지오정보기술 웹메일");
  mail.setLanguage("en");
  assert.equal(titles[titles.length - 1], "(2) Inbox - Zioinfo Webmail");
});

test("on start, a valid cookie session goes straight to the mail; none shows the login page", async () => {
  const fresh = makeStore();
  await fresh.mail.checkSession();
  assert.ok(fresh.mail.state.sessionChecked);
  assert.ok(fresh.mail.state.session, "folders answered: the cookie session is valid");
  assert.equal(fresh.mail.state.messages.length, 50);
  const routed = routedFetch();
  routed.status.value = 401;
  const expired = makeStore(new MemoryStorage(), routed);
  await expired.mail.checkSession();
  assert.ok(expired.mail.state.sessionChecked);
  assert.equal(expired.mail.state.session, null);
});

test("paging stays within the folder", async () => {
  const { mail } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await mail.goToPage(3);
  assert.equal(mail.state.page, 3);
  assert.equal(mail.state.messages.length, 20);
  await mail.goToPage(9);
  assert.equal(mail.state.page, 3);
  await mail.goToPage(0);
  assert.equal(mail.state.page, 1);
});

test("click, ctrl-click and shift-click selection", () => {
  const order = [10, 9, 8, 7, 6];
  let sel = applyClick(order, { uids: [], anchor: null }, 9, "none");
  assert.deepEqual(sel, { uids: [9], anchor: 9 });
  sel = applyClick(order, sel, 6, "range");
  assert.deepEqual(sel.uids, [9, 8, 7, 6]);
  sel = applyClick(order, sel, 8, "toggle");
  assert.deepEqual(sel.uids, [9, 7, 6]);
  sel = applyClick(order, { uids: [7], anchor: 7 }, 10, "range");
  assert.deepEqual(sel.uids, [10, 9, 8, 7]);
});

test("j/k move the cursor and select the row", async () => {
  const { mail } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  mail.moveCursor(1);
  mail.moveCursor(1);
  mail.moveCursor(-1);
  assert.equal(mail.state.cursor, 1);
  assert.deepEqual(mail.state.selection, [119]);
  mail.moveCursor(-5);
  assert.equal(mail.state.cursor, 0);
});

test("a 401 keeps the message being written and restores it after the next login", async () => {
  const storage = new MemoryStorage();
  const { mail, routed } = makeStore(storage);
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  mail.openCompose("new");
  mail.updateCompose({ to: "info@zioinfo.co.kr", subject: "보고서", text: "긴 본문…" });
  routed.status.value = 401;
  await mail.loadList();
  assert.equal(mail.state.session, null);
  assert.equal(mail.state.compose, null);
  assert.equal(mail.state.loginNotice, "세션이 만료되었습니다. 다시 로그인하세요.");
  routed.status.value = 200;
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const restored = mail.store.getState().compose; // (not narrowed by the assert above)
  assert.equal(restored?.subject, "보고서");
  assert.equal(restored?.text, "긴 본문…");
  assert.ok(routed.calls.some((c) => c.startsWith("POST /api/mail/drafts")), "restored draft is saved to Drafts");
});

test("send validates recipients before calling the server", async () => {
  const { mail, routed } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  mail.openCompose("new");
  assert.equal(await mail.send(), null);
  assert.equal(mail.state.compose?.error, "받는 사람을 한 명 이상 입력하세요.");
  mail.updateCompose({ to: "info@zioinfo.co.kr, 이상한주소" });
  assert.equal(await mail.send(), null);
  assert.match(mail.state.compose?.error ?? "", /이상한주소/);
  mail.updateCompose({ to: "info@zioinfo.co.kr", subject: "안녕" });
  assert.deepEqual(await mail.send(), { kind: "sent" });
  assert.equal(mail.state.compose, null);
  assert.ok(routed.calls.includes("POST /api/mail/send"));
  assert.deepEqual(mail.suggestAddresses("info").map((a) => a.email), ["info@zioinfo.co.kr"]);
});

test("a push event reloads counts and the first page", async () => {
  const { mail, routed, listeners } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const before = routed.calls.length;
  listeners.get("new_message")?.();
  listeners.get("flags")?.();
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = routed.calls.slice(before);
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/folders")).length, 1, "events are coalesced");
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/messages?")).length, 1);
});

test("the feed's ready event reloads the first page: mail that came before the feed watched is shown", async () => {
  const { mail, routed, listeners } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const before = routed.calls.length;
  listeners.get("ready")?.();
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = routed.calls.slice(before);
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/messages?")).length, 1);
});

test("special-use folders come first in a fixed order, user folders keep their nesting", () => {
  const { special, others } = orderFolders(folders);
  assert.deepEqual(special.map((f) => f.role), ["inbox", "sent", "trash"]);
  assert.deepEqual(others.map((f) => f.name), ["Projects"]);
  assert.deepEqual(others[0]?.children.map((f) => f.name), ["Projects/지오"]);
});

test("deleting several messages is one bulk call", async () => {
  const { mail, routed } = makeStore();
  await mail.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  mail.click(120, "none");
  mail.click(118, "range");
  await mail.deleteMessages();
  assert.ok(routed.calls.includes("POST /api/mail/messages/delete"));
});
