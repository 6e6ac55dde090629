import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryLocation } from "../src/lib/browserLocation";
import { formatRoute, parseRoute, type Route } from "../src/store/routeStore";
import { MemoryStorage, makeStores, manualScheduler, message, routedFetch } from "./storeHarness";

// Every view's URL (issue 25): /m/<folder>[?q=…][&uid=…], and the stores ↔ URL sync of store/routeStore.ts.

const names = ["INBOX", "거래처 메일", "Sent Items", "A+B & C%", "프로젝트/부산3D", `He said "hi" #1 'ok'`, "a?b=c", "100%/12"];

test("every folder name, search and message round-trips through its URL", () => {
  for (const folder of names) {
    for (const route of [{ folder, query: "", uid: null }, { folder, query: "회의 일정 a+b&c=d #x %20", uid: 42 }] as Route[]) {
      const url = formatRoute(route);
      assert.ok(url.startsWith("/m/"), url);
      assert.ok(!/[ #"]/.test(url), `nothing the address bar would change: ${url}`);
      assert.deepEqual(parseRoute(url), route, url);
    }
  }
  assert.equal(formatRoute({ folder: "프로젝트/부산3D", query: "", uid: null }), "/m/%ED%94%84%EB%A1%9C%EC%A0%9D%ED%8A%B8/%EB%B6%80%EC%82%B03D", "a nested folder's / stays a separator");
  assert.equal(formatRoute({ folder: "거래처 메일", query: "", uid: 7 }), "/m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid=7");
});

test("URLs that are not a place of ours parse as none", () => {
  for (const url of ["/", "/m/", "/mail/folders", "/m", "/m/%E0%A4%A"]) assert.equal(parseRoute(url), null, url);
  assert.deepEqual(parseRoute("/m/INBOX?uid=abc"), { folder: "INBOX", query: "", uid: null }, "a bad uid is no message");
  assert.deepEqual(parseRoute("/m/INBOX?q=a+b#top"), { folder: "INBOX", query: "a b", uid: null }, "+ in a query is a space, as browsers send it");
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
  const url = formatRoute({ folder: "거래처 메일", query: "견적 a+b", uid: 7 });
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

test("a folder, a search and a message each push an entry; closing the message pushes the folder's URL", async () => {
  const { app, location } = await inboxThenMessage();
  await app.mailbox.search("회의 일정");
  await tick();
  app.reader.close();
  await tick();
  assert.deepEqual(location.entries.map(parseRoute), [
    { folder: "INBOX", query: "", uid: null },
    { folder: "거래처 메일", query: "", uid: null },
    { folder: "거래처 메일", query: "", uid: 7 },
    { folder: "거래처 메일", query: "회의 일정", uid: 7 }, // a search keeps the open message open
    { folder: "거래처 메일", query: "회의 일정", uid: null },
  ]);
  assert.equal(app.reader.state.openUid, null);
});

test("sort, filter, flags and paging are no new place: no entry", async () => {
  const { app, location, done } = signIn("/m/INBOX");
  await done;
  await app.mailbox.setSort("subject");
  await app.mailbox.setFilter("unread");
  await app.mailbox.goToPage(2);
  await app.mailbox.setFlags({ flagged: true }, [120]);
  await tick();
  assert.deepEqual(location.entries, ["/m/INBOX"]);
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
  const { app, routed, location, done } = signIn(formatRoute({ folder: "거래처 메일", query: "", uid: 7 }));
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
  assert.deepEqual(parseRoute(app.route.messageHref(120)), { folder: "INBOX", query: "견적", uid: 120 });
});

test("a logout leaves /: the next one to sign in starts at INBOX", async () => {
  const { app, location, done } = signIn(formatRoute({ folder: "거래처 메일", query: "", uid: 7 }));
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
  assert.deepEqual(parseRoute(location.current()), { folder: "거래처 메일", query: "견적", uid: 7 });
  location.go(-1);
  await tick();
  assert.equal(app.mailbox.state.query, "");
  assert.equal(app.reader.state.openUid, 7);
  assert.deepEqual(parseRoute(location.current()), { folder: "거래처 메일", query: "", uid: 7 });
});
