import assert from "node:assert/strict";
import { test } from "node:test";
import { AddressBookApi } from "../src/api/addressBookApi";
import { ContactsApi, type Contact } from "../src/api/contactsApi";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import { MemoryLocation } from "../src/lib/browserLocation";
import { AddressBookStore } from "../src/store/addressBookStore";
import { ContactsStore, EMPTY_CONTACTS } from "../src/store/contactsStore";
import { NoticeStore } from "../src/store/noticeStore";
import { makeStores } from "./storeHarness";

const HONG: Contact = { id: "c1", name: "홍영태", emails: ["YThong@zioinfo.co.kr"], phones: [], company: "", department: "", title: "", memo: "", groups: [], updated_at: "" };

/** The real API client over a fake server holding `contacts`, recording every request. */
function server(contacts: Contact[]) {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url, "http://x");
    requests.push(`${init?.method ?? "GET"} ${path.pathname}${path.search}`);
    if (init?.method === "POST") return new Response(JSON.stringify({ ...HONG, id: "new" }), { status: 201 });
    const group = path.searchParams.get("group");
    const page = Number(path.searchParams.get("page") ?? 1);
    const found = contacts.filter((c) => !group || c.groups.includes(group));
    return new Response(JSON.stringify({ contacts: found.slice((page - 1) * 2, page * 2), total: found.length, page, page_size: 2 }), { status: 200 });
  };
  return { api: new ContactsApi(new MailApi({ fetch, cookies: () => "zm_csrf=c" })), requests };
}

function addressBook(contacts: Contact[]) {
  const { api, requests } = server(contacts);
  const { app } = makeStores();
  const location = new MemoryLocation("/m/INBOX?uid=3");
  return { store: new AddressBookStore(api, new NoticeStore(() => "ko"), location, app.compose), requests, location, app };
}

test("주소록에 추가: someone already there (any case) is not added twice; someone new is", async () => {
  const { store, requests } = addressBook([HONG]);
  await store.add({ name: "홍", email: "ythong@zioinfo.co.kr" });
  assert.equal(store.state.added["ythong@zioinfo.co.kr"], "there");
  assert.deepEqual(requests, ["GET /api/contacts?q=ythong%40zioinfo.co.kr"]);
  await store.add({ name: "김철수", email: "cs@example.com" });
  assert.deepEqual(requests.slice(1), ["GET /api/contacts?q=cs%40example.com", "POST /api/contacts"]);
  await store.add({ name: "김철수", email: "CS@example.com" });
  assert.equal(requests.length, 3, "known now: no request");
});

test("the page has its URL /c/, goes back where it was, and 메일 쓰기 opens compose to the people", () => {
  const { store, location, app } = addressBook([]);
  store.openPage();
  assert.equal(location.current(), "/c/");
  assert.equal(store.state.pageOpen, true);
  store.mailTo([{ name: "Kim, J", email: "kj@example.com" }, { name: "", email: "a@b.kr" }]);
  assert.equal(store.state.pageOpen, false);
  assert.equal(location.current().startsWith("/m/INBOX"), true);
  const windows = app.compose.state.windows;
  const window = windows[windows.length - 1];
  assert.equal(window?.form.state.compose?.to, '"Kim, J" <kj@example.com>, a@b.kr');
});

test("a group's members are every page of it, each by its first address", async () => {
  const members = [1, 2, 3].map((n) => ({ ...HONG, id: `m${n}`, name: `사람${n}`, emails: [`p${n}@example.com`, "other@example.com"], groups: ["g"] }));
  const { api } = server([...members, { ...HONG, id: "x", groups: [] }]);
  const store = new ContactsStore(new AddressBookStore(api, new NoticeStore(() => "ko"), new MemoryLocation(), makeStores().app.compose).pageState(EMPTY_CONTACTS),
    new AddressBookApi(api), new NoticeStore(() => "ko"));
  assert.deepEqual((await store.recipients("g")).map((a) => a.email), ["p1@example.com", "p2@example.com", "p3@example.com"]);
});
