import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi } from "../src/api/mailApi";
import { orderFolders } from "../src/lib/folders";
import { MailboxStore } from "../src/store/mailboxStore";
import { NoticeStore } from "../src/store/noticeStore";
import { ReaderStore } from "../src/store/readerStore";
import { applyClick } from "../src/store/selection";
import { folders, makeStores, message, routedFetch } from "./storeHarness";

/** The mailbox with only what it depends on: the API, a reader and the notices. */
function last<T>(list: readonly T[]): T | undefined {
  return list[list.length - 1];
}

function mailboxAlone(routed = routedFetch(), confirm: (question: string) => boolean = () => true) {
  const api = new MailApi({ fetch: routed.fetch, cookies: () => "zm_csrf=c" });
  const notices = new NoticeStore(() => "ko");
  const reader = new ReaderStore(api, (e) => notices.describe(e));
  const t = (key: string, params: Record<string, string | number> = {}) =>
    [key, ...Object.entries(params).map(([name, value]) => `${name}=${value}`)].join(" ");
  return { mailbox: new MailboxStore(api, reader, notices, t, confirm), reader, notices, routed };
}

test("a folder's first page loads; opening another folder closes the open message", async () => {
  const { mailbox, reader } = mailboxAlone();
  await mailbox.loadFolders();
  await mailbox.loadList();
  assert.equal(mailbox.state.messages.length, 50);
  assert.equal(mailbox.state.total, 120);
  await mailbox.openMessage(118);
  assert.equal(mailbox.state.cursor, 2, "the cursor follows the opened message");
  assert.equal(reader.state.openUid, 118);
  assert.equal(reader.state.pane, "view");
  await mailbox.openFolder("Sent");
  assert.equal(reader.state.openUid, null);
  assert.equal(reader.state.pane, "list");
  assert.equal(mailbox.state.folder, "Sent");
});

test("actions apply to the selection, else the open message, never to a row nobody chose", async () => {
  const { mailbox, reader, routed } = mailboxAlone();
  await mailbox.loadList();
  // Right after login the cursor bar sits on the first row: # / Delete must not take it.
  assert.deepEqual(mailbox.targets(), []);
  await mailbox.deleteMessages();
  assert.ok(!routed.calls.some((c) => c.startsWith("DELETE") || c.includes("messages/delete")));
  await reader.open("INBOX", 7);
  assert.deepEqual(mailbox.targets(), [7]);
  mailbox.click(119, "toggle");
  mailbox.click(118, "toggle");
  assert.deepEqual(mailbox.targets(), [119, 118]);
});

test("a folder that fails to load shows no rows of the folder before: nothing to act on under its name", async () => {
  const routed = routedFetch();
  const { mailbox } = mailboxAlone(routed);
  await mailbox.loadFolders();
  await mailbox.loadList();
  mailbox.click(120, "toggle");
  routed.status.value = 502;
  await mailbox.openFolder("Projects/지오");
  assert.equal(mailbox.state.folder, "Projects/지오");
  assert.deepEqual(mailbox.state.messages, []);
  assert.deepEqual(mailbox.targets(), []);
  assert.ok(mailbox.state.listError);
  await mailbox.deleteMessages();
  assert.ok(!routed.calls.some((c) => c.startsWith("DELETE") || c.includes("messages/delete")), "no INBOX UID went out with the new folder");
  routed.status.value = 200;
  await mailbox.loadList(); // 다시 시도
  assert.equal(mailbox.state.listError, null);
  assert.equal(mailbox.state.messages.length, 50);
});

test("j/k choose the row they move to", async () => {
  const { mailbox } = mailboxAlone();
  await mailbox.loadList();
  mailbox.moveCursor(1);
  assert.deepEqual(mailbox.targets(), [119]);
});

test("a flag change shows at once in the list and the open message", async () => {
  const { mailbox, reader, routed } = mailboxAlone(routedFetch({ messages: new Map([["INBOX/120", message(120)]]) }));
  await mailbox.loadList();
  await mailbox.openMessage(120);
  await mailbox.toggleStar();
  assert.equal(mailbox.state.messages[0]?.flags.flagged, true);
  assert.equal(reader.state.message?.flags.flagged, true);
  assert.ok(routed.calls.includes("PATCH /api/mail/messages/120?folder=INBOX"));
});

test("deleting the open message closes it and reloads list and counts", async () => {
  const { mailbox, reader, notices, routed } = mailboxAlone();
  await mailbox.loadFolders();
  await mailbox.loadList();
  await mailbox.openMessage(120);
  await mailbox.deleteMessages([120]);
  assert.equal(reader.state.openUid, null);
  assert.ok(routed.calls.includes("DELETE /api/mail/messages/120?folder=INBOX"));
  assert.deepEqual(notices.state.notices.map((n) => n.text), ["movedToTrash count=1"]);
  assert.equal(notices.state.notices[0]?.action?.label, "undo");
});

test("undo in the toast moves the messages back from where they went, by their new UIDs", async () => {
  const { mailbox, notices, routed } = mailboxAlone();
  await mailbox.loadFolders();
  await mailbox.loadList();
  await mailbox.moveMessages("Projects/지오", [120, 119]);
  const toast = last(notices.state.notices);
  assert.equal(toast?.text, "movedTo count=2 folder=지오");
  await toast?.action?.run();
  assert.equal(last(notices.state.notices)?.text, "undone");
  assert.deepEqual(last(routed.bodies.get("POST /api/mail/messages/move") ?? []), { folder: "Projects/지오", uids: [500, 501], to: "INBOX" });
});

test("deleting in Trash asks first and is final: no undo", async () => {
  let asked = "";
  let answer = false;
  const { mailbox, notices, routed } = mailboxAlone(routedFetch(), (question) => {
    asked = question;
    return answer;
  });
  await mailbox.loadFolders();
  await mailbox.openFolder("Trash");
  await mailbox.deleteMessages([120, 119]);
  assert.equal(asked, "confirmDeleteForever count=2");
  assert.ok(!routed.calls.some((c) => c.startsWith("POST /api/mail/messages/delete")), "declined: nothing deleted");
  answer = true;
  await mailbox.deleteMessages([120, 119]);
  assert.ok(routed.calls.includes("POST /api/mail/messages/delete"));
  assert.equal(last(notices.state.notices)?.text, "deletedForever count=2");
  assert.equal(last(notices.state.notices)?.action, undefined);
});

test("paging stays within the folder", async () => {
  const { app } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await app.mailbox.goToPage(3);
  assert.equal(app.mailbox.state.page, 3);
  assert.equal(app.mailbox.state.messages.length, 20);
  await app.mailbox.goToPage(9);
  assert.equal(app.mailbox.state.page, 3);
  await app.mailbox.goToPage(0);
  assert.equal(app.mailbox.state.page, 1);
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
  const { app } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  app.mailbox.moveCursor(1);
  app.mailbox.moveCursor(1);
  app.mailbox.moveCursor(-1);
  assert.equal(app.mailbox.state.cursor, 1);
  assert.deepEqual(app.mailbox.state.selection, [119]);
  app.mailbox.moveCursor(-5);
  assert.equal(app.mailbox.state.cursor, 0);
});

test("special-use folders come first in a fixed order, user folders keep their nesting", () => {
  const { special, others } = orderFolders(folders);
  assert.deepEqual(special.map((f) => f.role), ["inbox", "sent", "trash"]);
  assert.deepEqual(others.map((f) => f.name), ["Projects"]);
  assert.deepEqual(others[0]?.children.map((f) => f.name), ["Projects/지오"]);
});

test("deleting several messages is one bulk call", async () => {
  const { app, routed } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  app.mailbox.click(120, "none");
  app.mailbox.click(118, "range");
  await app.mailbox.deleteMessages();
  assert.ok(routed.calls.includes("POST /api/mail/messages/delete"));
});

test("the list asks the server for the order and filter chosen; the default order keeps the plain URL", async () => {
  const { mailbox, routed } = mailboxAlone();
  await mailbox.loadList();
  assert.equal(last(routed.calls), "GET /api/mail/messages?folder=INBOX&page=1&size=50");
  await mailbox.goToPage(2);
  await mailbox.setSort("from");
  assert.equal(mailbox.state.page, 1, "a new order starts at the first page");
  assert.equal(last(routed.calls), "GET /api/mail/messages?folder=INBOX&page=1&size=50&sort=from&order=asc");
  await mailbox.setSort("from", "desc");
  assert.equal(last(routed.calls), "GET /api/mail/messages?folder=INBOX&page=1&size=50&sort=from&order=desc");
  await mailbox.setSort("size");
  assert.equal(mailbox.state.order, "desc", "sizes biggest first when picked");
  await mailbox.setFilter("unread");
  assert.equal(last(routed.calls), "GET /api/mail/messages?folder=INBOX&page=1&size=50&sort=size&order=desc&filter=unread");
  await mailbox.search("회의 일정");
  assert.equal(last(routed.calls), "GET /api/mail/messages?folder=INBOX&page=1&size=50&q=%ED%9A%8C%EC%9D%98+%EC%9D%BC%EC%A0%95&sort=size&order=desc&filter=unread");
  await mailbox.openFolder("Sent");
  assert.equal(mailbox.state.filter, null, "a filter is for one folder, as the search is");
  assert.equal(mailbox.state.sort, "size", "the order stays across folders");
});

test("the header checkbox chooses the page; 'all N' sends the list, not UIDs, after asking", async () => {
  let asked = "";
  const { mailbox, routed, notices } = mailboxAlone(routedFetch(), (question) => {
    asked = question;
    return true;
  });
  await mailbox.loadFolders();
  await mailbox.search("견적");
  mailbox.toggleAllOnPage();
  assert.equal(mailbox.state.selection.length, 50);
  mailbox.toggleAllOnPage();
  assert.deepEqual(mailbox.state.selection, [], "a second click clears the page");
  mailbox.toggleAllOnPage();
  mailbox.selectAllInList();
  assert.ok(mailbox.state.allSelected);
  await mailbox.setFlags({ flagged: true });
  assert.deepEqual(last(routed.bodies.get("POST /api/mail/messages/flags") ?? []), { folder: "INBOX", all: true, search: { q: "견적" }, flagged: true });
  mailbox.toggleAllOnPage();
  mailbox.toggleAllOnPage();
  mailbox.selectAllInList();
  await mailbox.moveMessages("Projects/지오");
  assert.equal(asked, "confirmAll count=120 folder=inbox");
  assert.deepEqual(last(routed.bodies.get("POST /api/mail/messages/move") ?? []), { folder: "INBOX", all: true, search: { q: "견적" }, to: "Projects/지오" });
  assert.equal(last(notices.state.notices)?.text, "movedTo count=120 folder=지오");
  assert.equal(last(notices.state.notices)?.action, undefined, "no UIDs came back: no undo");
  assert.equal(mailbox.state.allSelected, false);
});

test("'all N' is dropped by any other choice, and declining the question does nothing", async () => {
  const { mailbox, routed } = mailboxAlone(routedFetch(), () => false);
  await mailbox.loadList();
  mailbox.toggleAllOnPage();
  mailbox.selectAllInList();
  await mailbox.deleteMessages();
  assert.ok(!routed.calls.some((c) => c.includes("messages/delete")), "declined");
  mailbox.click(119, "toggle");
  assert.equal(mailbox.state.allSelected, false, "a click on a row chooses rows again");
  mailbox.toggleAllOnPage();
  mailbox.selectAllInList();
  mailbox.clearSelection();
  assert.deepEqual([mailbox.state.allSelected, mailbox.state.selection], [false, []]);
});

test("모두 읽음 marks every unread message of the folder on the server, whatever the page shows", async () => {
  const { mailbox, routed, notices } = mailboxAlone();
  await mailbox.loadFolders();
  await mailbox.search("견적");
  await mailbox.markAllRead();
  assert.deepEqual(last(routed.bodies.get("POST /api/mail/messages/flags") ?? []), { folder: "INBOX", all: true, search: { filter: "unread" }, seen: true });
  assert.equal(last(notices.state.notices)?.text, "markedAllRead count=2 folder=inbox");
  assert.ok(routed.calls.filter((c) => c.startsWith("GET /api/mail/folders")).length >= 2, "counts reloaded");
});

