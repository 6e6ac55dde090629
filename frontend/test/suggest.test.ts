import assert from "node:assert/strict";
import { test } from "node:test";
import { ContactsApi, type Suggestion } from "../src/api/contactsApi";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import { SuggestStore } from "../src/store/suggestStore";
import { MemoryStorage, makeStores, manualScheduler, routedFetch } from "./storeHarness";

const HONG: Suggestion = { name: "홍영태", email: "ythong@zioinfo.co.kr", source: "collected" };
const KIM: Suggestion = { name: "김철수", email: "kim@example.net", source: "contact" };
const TEAM: Suggestion = { name: "정보화팀", email: "", source: "group", members: [HONG, KIM].map(({ name, email }) => ({ name, email })) };

/** The suggest store over the real API client and a fake server that records each question. */
function suggestAlone(answer: Suggestion[] = [HONG, KIM, TEAM]) {
  const asked: string[] = [];
  const fetch: FetchLike = async (url) => {
    asked.push(new URL(url, "http://x").searchParams.get("q") ?? "");
    return new Response(JSON.stringify({ suggestions: answer }), { status: 200 });
  };
  const timers = manualScheduler();
  const store = new SuggestStore(new ContactsApi(new MailApi({ fetch, cookies: () => "zm_csrf=c" })), timers.scheduler);
  const settle = async () => {
    timers.fire();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { store, asked, timers, settle };
}

test("asks once after the typing pauses, with the last text", async () => {
  const { store, asked, timers, settle } = suggestAlone();
  store.typed("compose-to", "ㅎ");
  store.typed("compose-to", "ㅎㅇ");
  assert.equal(timers.pending(), 1, "each keystroke replaces the pending question");
  await settle();
  assert.deepEqual(asked, ["ㅎㅇ"]);
  assert.equal(store.state.owner, "compose-to");
  assert.deepEqual(store.state.items, [HONG, KIM, TEAM]);
});

test("no question in the middle of an IME composition; it asks at compositionend", async () => {
  const { store, asked, timers, settle } = suggestAlone();
  store.typed("compose-to", "ㅎ", true);
  store.typed("compose-to", "호", true);
  store.typed("compose-to", "홍", true);
  assert.equal(timers.pending(), 0);
  await settle();
  assert.deepEqual(asked, []);
  store.typed("compose-to", "홍"); // compositionend
  await settle();
  assert.deepEqual(asked, ["홍"]);
});

test("↑/↓ go round the list; the highlighted one is chosen only for its own field; Esc closes", async () => {
  const { store, settle } = suggestAlone();
  store.typed("compose-to", "h");
  await settle();
  assert.deepEqual(store.current("compose-to"), HONG);
  store.move(1);
  assert.deepEqual(store.current("compose-to"), KIM);
  store.move(1);
  store.move(1);
  assert.deepEqual(store.current("compose-to"), HONG, "down from the last is the first");
  store.move(-1);
  assert.deepEqual(store.current("compose-to"), TEAM, "up from the first is the last");
  assert.equal(store.current("compose-cc"), null);
  store.highlight(1);
  assert.deepEqual(store.current("compose-to"), KIM);
  store.close();
  assert.equal(store.state.owner, null);
  assert.equal(store.current("compose-to"), null);
});

test("an answer that comes after the field was emptied or closed is dropped", async () => {
  const { store, timers, settle } = suggestAlone();
  store.typed("compose-to", "h");
  timers.fire(); // asked, the answer still on its way
  store.typed("compose-to", "");
  await settle();
  assert.equal(store.state.owner, null);
  assert.equal(timers.pending(), 0, "nothing to ask for an empty field");
});

test("no suggestions: no list", async () => {
  const { store, settle } = suggestAlone([]);
  store.typed("compose-to", "zzz");
  await settle();
  assert.equal(store.state.owner, null);
});

test("sign-in sends the browser's old address list to the server once, then removes it", async () => {
  const storage = new MemoryStorage();
  const old = [{ name: "김철수", email: "kim@example.net" }, { name: "", email: "info@zioinfo.co.kr" }];
  storage.setItem("zm.recent.ythong@zioinfo.co.kr", JSON.stringify(old));
  const routed = routedFetch();
  const { app } = makeStores(storage, routed);
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(routed.bodies.get("POST /api/contacts/collected"), [{ recipients: old }]);
  assert.equal(storage.getItem("zm.recent.ythong@zioinfo.co.kr") || null, null);
  await app.session.logout();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(routed.bodies.get("POST /api/contacts/collected")?.length, 1, "not again");
});
