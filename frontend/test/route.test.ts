import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryLocation } from "../src/lib/browserLocation";
import { formatRoute, parseRoute, route, type Route } from "../src/store/routeStore";
import { MemoryStorage, folders, makeStores, manualScheduler, message, routedFetch } from "./storeHarness";

// Every view's URL (issue 25): /m/<folder>[?q=…][&uid=…], and the stores ↔ URL sync of store/routeStore.ts.

const names = ["INBOX", "거래처 메일", "Sent Items", "A+B & C%", "프로젝트/부산3D", `He said "hi" #1 'ok'`, "a?b=c", "100%/12"];

test("every folder name, search and message round-trips through its URL", () => {
  for (const folder of names) {
    for (const place of [route({ folder }), route({ folder, query: "회의 일정 a+b&c=d #x %20", uid: 42 })] as Route[]) {
      const url = formatRoute(place);
      assert.ok(url.startsWith("/m/"), url);
      assert.ok(!/[ #"]/.test(url), `nothing the address bar would change: ${url}`);
      assert.deepEqual(parseRoute(url), place, url);
    }
  }
  assert.equal(formatRoute(route({ folder: "프로젝트/부산3D", query: "", uid: null })), "/m/%ED%94%84%EB%A1%9C%EC%A0%9D%ED%8A%B8/%EB%B6%80%EC%82%B03D", "a nested folder's / stays a separator");
  assert.equal(formatRoute(route({ folder: "거래처 메일", query: "", uid: 7 })), "/m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid=7");
});

test("URLs that are not a place of ours parse as none", () => {
  for (const url of ["/", "/m/", "/mail/folders", "/m", "/m/%E0%A4%A"]) assert.equal(parseRoute(url), null, url);
  assert.deepEqual(parseRoute("/m/INBOX?uid=abc"), route({ folder: "INBOX", query: "", uid: null }), "a bad uid is no message");
  assert.deepEqual(parseRoute("/m/INBOX?q=a+b#top"), route({ folder: "INBOX", query: "a b", uid: null }), "+ in a query is a space, as browsers send it");
});

function signIn(start: string, messages = new Map([["거래처 메일/7", message(7)], ["INBOX/120", message(120)]])) {
  const location = new MemoryLocation(start);
  const stores = makeStores(new MemoryStorage(), routedFetch({ messages }), undefined, manualScheduler(), undefined, location);
  return { ...stores, location, done: stores.app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q") };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("/ becomes INBOX's URL in place, without a history entry", async () => {
  const { location, done } = signIn("/");
  await done;
  assert.deepEqual(location.entries, ["/m/INBOX"]);
});

test("sign-in (a reload, a new tab) opens the folder, search and message the URL names", async () => {
  const url = formatRoute(route({ folder: "거래처 메일", query: "견적 a+b", uid: 7 }));
  const { app, routed, location, done } = signIn(url);
  await done;
  assert.equal(app.mailbox.state.folder, "거래처 메일");
  assert.equal(app.mailbox.state.query, "견적 a+b");
  assert.equal(app.reader.state.openUid, 7);
  assert.equal(app.reader.state.message?.uid, 7);
  assert.equal(routed.calls.filter((c) => c.startsWith("GET /api/mail/messages?")).length, 1, "one list request for folder and search");
  assert.deepEqual(location.entries, [url], "no entry added");
});

/** Signed in at INBOX, then 거래처 메일, then its message 7 opened by a click. */
async function inboxThenMessage() {
  const stores = signIn("/m/INBOX");
  await stores.done;
  await stores.app.mailbox.openFolder("거래처 메일");
  await tick();
  stores.app.mailbox.click(7, "none");
  await tick();
  return stores;
}

test("a folder, a search and a message each push an entry; closing the message replaces the entry it was not opened from", async () => {
  const { app, location } = await inboxThenMessage();
  await app.mailbox.search("회의 일정");
  await tick();
  app.reader.close();
  await tick();
  assert.deepEqual(location.entries.map(parseRoute), [
    route({ folder: "INBOX", query: "", uid: null }),
    route({ folder: "거래처 메일", query: "", uid: null }),
    route({ folder: "거래처 메일", query: "", uid: 7 }),
    route({ folder: "거래처 메일", query: "회의 일정", uid: null }), // the search (which kept the message open), closed in place
  ]);
  assert.equal(app.reader.state.openUid, null);
});

test("page, sort and filter each push an entry, and Back undoes each; flags are no new place", async () => {
  const { app, location, routed, done } = signIn("/m/INBOX");
  await done;
  await app.mailbox.setSort("subject");
  await tick();
  await app.mailbox.setFilter("unread");
  await tick();
  await app.mailbox.goToPage(2);
  await tick();
  await app.mailbox.setFlags({ flagged: true }, [120]);
  await tick();
  assert.deepEqual(location.entries, ["/m/INBOX", "/m/INBOX?sort=subject", "/m/INBOX?sort=subject&filter=unread", "/m/INBOX?page=2&sort=subject&filter=unread"]);
  location.go(-1);
  await tick();
  assert.equal(app.mailbox.state.page, 1);
  assert.equal(app.mailbox.state.filter, "unread");
  location.go(-2);
  await tick();
  assert.deepEqual([app.mailbox.state.sort, app.mailbox.state.order, app.mailbox.state.filter], ["received", "desc", null]);
  const last = routed.calls[routed.calls.length - 1];
  assert.ok(last.includes("page=1"), last);
  assert.equal(location.entries.length, 4, "back adds no entry");
});

test("page, sort, order and filter round-trip through the URL, each left out at its default", () => {
  assert.equal(formatRoute(route({ folder: "INBOX" })), "/m/INBOX");
  assert.equal(formatRoute(route({ folder: "INBOX", sort: "subject", order: "asc" })), "/m/INBOX?sort=subject", "A to Z is the subject's own order");
  assert.equal(formatRoute(route({ folder: "INBOX", order: "asc" })), "/m/INBOX?order=asc");
  for (const place of [
    route({ folder: "거래처 메일", query: "견적", uid: 7, page: 3, sort: "size", order: "asc", filter: "flagged" }),
    route({ folder: "INBOX", page: 2, sort: "from", order: "desc", filter: "unread", compose: ["new", "57"] }),
    route({ folder: "Sent Items", sort: "sent", compose: ["12"] }),
  ]) {
    assert.deepEqual(parseRoute(formatRoute(place)), place, formatRoute(place));
  }
  // Hand-typed nonsense is the default, never an error.
  assert.deepEqual(parseRoute("/m/INBOX?page=0&sort=bogus&order=up&filter=all&compose=x,new,0,5,6,7"), route({ folder: "INBOX", compose: ["new", "5", "6"] }));
  assert.equal(parseRoute("/m/INBOX?sort=from")?.order, "asc", "a field without an order sorts its own way");
});

test("sign-in at a URL with page, sort and filter shows that list, in one request", async () => {
  const url = "/m/INBOX?page=2&sort=from&order=desc&filter=flagged";
  const { app, routed, location, done } = signIn(url);
  await done;
  const { page, sort, order, filter } = app.mailbox.state;
  assert.deepEqual({ page, sort, order, filter }, { page: 2, sort: "from", order: "desc", filter: "flagged" });
  const lists = routed.calls.filter((c) => c.startsWith("GET /api/mail/messages?"));
  assert.equal(lists.length, 1);
  for (const part of ["page=2", "sort=from", "order=desc", "filter=flagged"]) assert.ok(lists[0].includes(part), lists[0]);
  assert.deepEqual(location.entries, [url]);
});

test("closing a message goes back to the folder's entry: Back after it does not reopen the message", async () => {
  const { app, location } = await inboxThenMessage();
  app.reader.close();
  await tick();
  assert.deepEqual(location.entries.slice(0, location.index + 1).map(parseRoute), [route({ folder: "INBOX" }), route({ folder: "거래처 메일" })]);
  location.go(-1);
  await tick();
  assert.equal(app.mailbox.state.folder, "INBOX");
  assert.equal(app.reader.state.openUid, null);
});

test("back and forward drive the stores: folder, message, folder again", async () => {
  const { app, location } = await inboxThenMessage();
  assert.equal(location.entries.length, 3);

  location.go(-1); // 거래처 메일, message closed
  assert.equal(app.mailbox.state.folder, "거래처 메일");
  assert.equal(app.reader.state.openUid, null);
  location.go(-1); // INBOX
  assert.equal(app.mailbox.state.folder, "INBOX");
  location.go(2); // forward to the message
  await tick();
  assert.equal(app.mailbox.state.folder, "거래처 메일");
  assert.equal(app.reader.state.openUid, 7);
  assert.equal(app.reader.state.message?.uid, 7);
  await tick();
  assert.equal(location.entries.length, 3, "popstate adds no entry");
  assert.equal(location.index, 2);
});

test("a lost session keeps the URL for the next sign-in", async () => {
  const { app, routed, location, done } = signIn(formatRoute(route({ folder: "거래처 메일", query: "", uid: 7 })));
  await done;
  routed.status.value = 401;
  await app.mailbox.loadList();
  await tick();
  assert.equal(app.session.state.session, null);
  assert.equal(parseRoute(location.current())?.uid, 7);
  routed.status.value = 200;
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.equal(app.mailbox.state.folder, "거래처 메일");
  assert.equal(app.reader.state.openUid, 7);
});

test("a row's link is its message's URL in the list shown", async () => {
  const { app, done } = signIn("/m/INBOX?q=%EA%B2%AC%EC%A0%81");
  await done;
  assert.deepEqual(parseRoute(app.route.messageHref(120)), route({ folder: "INBOX", query: "견적", uid: 120 }));
});

test("a logout leaves /: the next one to sign in starts at INBOX", async () => {
  const { app, location, done } = signIn(formatRoute(route({ folder: "거래처 메일", query: "", uid: 7 })));
  await done;
  await app.session.logout();
  await tick();
  assert.equal(location.current(), "/");
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.equal(location.current(), "/m/INBOX");
  assert.equal(app.mailbox.state.folder, "INBOX");
});

test("back from a search to the same message without it keeps the message open", async () => {
  const { app, location } = await inboxThenMessage();
  await app.mailbox.search("견적");
  await tick();
  assert.deepEqual(parseRoute(location.current()), route({ folder: "거래처 메일", query: "견적", uid: 7 }));
  location.go(-1);
  await tick();
  assert.equal(app.mailbox.state.query, "");
  assert.equal(app.reader.state.openUid, 7);
  assert.deepEqual(parseRoute(location.current()), route({ folder: "거래처 메일", query: "", uid: 7 }));
});

// Compose has a URL (issue 25): ?compose=new, then the draft's UID once saved.
const withDrafts = [...folders, { name: "Drafts", display_name: "Drafts", delimiter: "/", role: "drafts" as const, unseen: 0, total: 1, children: [] }];
const draft9 = message(9, { subject: "쓰던 메일", text: "본문", to: [{ name: "", email: "info@zioinfo.co.kr" }], flags: { seen: true, flagged: false, answered: false, draft: true } });

function signInWithDrafts(start: string) {
  const location = new MemoryLocation(start);
  const timers = manualScheduler();
  const routed = routedFetch({ folders: withDrafts, messages: new Map([["Drafts/9", draft9], ["Drafts/77", draft9], ["INBOX/120", message(120)]]), draftUids: [77, 78] });
  const stores = makeStores(new MemoryStorage(), routed, undefined, timers, undefined, location);
  return { ...stores, location, done: stores.app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q") };
}

test("a compose window pushes ?compose=new, its saved draft's UID replaces it, and closing it goes back", async () => {
  const { app, location, timers, done } = signInWithDrafts("/m/INBOX");
  await done;
  const form = app.compose.open("new")!;
  await tick();
  assert.deepEqual(location.entries, ["/m/INBOX", "/m/INBOX?compose=new"]);
  form.update({ to: "info@zioinfo.co.kr", subject: "보고", text: "내용" });
  timers.fire();
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(location.entries, ["/m/INBOX", "/m/INBOX?compose=77"], "the draft's UID, in place");
  await app.compose.close(form.id);
  await tick();
  assert.equal(location.current(), "/m/INBOX");
  assert.equal(location.index, 0, "back to the folder's entry: Back does not reopen the window");
});

test("Back closes the compose window (keeping its draft), Forward opens a window again", async () => {
  const { app, location, routed, done } = signInWithDrafts("/m/INBOX");
  await done;
  app.compose.open("new")!.update({ subject: "보고", text: "내용" });
  await tick();
  location.go(-1);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(app.compose.state.windows.length, 0);
  assert.equal(routed.bodies.get("POST /api/mail/drafts")?.length, 1, "saved as it closed");
  location.go(1);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(app.compose.state.windows.length, 1);
  assert.equal(location.entries.length, 2, "no entry added");
});

test("a reload with compose=<uid> reopens that draft from Drafts, over the folder shown", async () => {
  const { app, location, done } = signInWithDrafts("/m/INBOX?compose=9");
  await done;
  await tick();
  const [window] = app.compose.state.windows;
  assert.equal(window?.form.state.compose?.subject, "쓰던 메일");
  assert.equal(window?.form.state.compose?.to, "info@zioinfo.co.kr");
  assert.equal(window?.form.state.compose?.draftUid, 9);
  assert.deepEqual(window?.form.state.compose?.attachments.map((a) => a.name), ["견적서_2026년.pdf", "표.xlsx"]);
  assert.equal(app.mailbox.state.folder, "INBOX");
  assert.deepEqual(location.entries, ["/m/INBOX?compose=9"]);
});

test("a draft's URL, and a click on a row of Drafts, open the draft in compose, not the reader", async () => {
  const { app, location, done } = signInWithDrafts("/m/Drafts?uid=9");
  await done;
  await tick();
  assert.equal(app.reader.state.openUid, null);
  assert.deepEqual(app.compose.state.windows.map((w) => w.form.state.compose?.draftUid), [9]);
  assert.deepEqual(location.entries, ["/m/Drafts?compose=9"]);
  await app.compose.close(app.compose.state.windows[0].id);
  await tick();
  app.mailbox.click(9, "none");
  for (let i = 0; i < 3; i++) await tick();
  assert.equal(app.reader.state.openUid, null);
  assert.deepEqual(app.compose.state.windows.map((w) => w.form.state.compose?.draftUid), [9]);
  assert.equal(location.current(), "/m/Drafts?compose=9");
});
