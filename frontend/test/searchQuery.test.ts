import assert from "node:assert/strict";
import { test } from "node:test";
import type { SearchFields } from "../src/api/types";
import { MemoryLocation } from "../src/lib/browserLocation";
import { addDays, isIsoDay, readFields } from "../src/lib/searchQuery";
import { formatRoute, parseRoute, route } from "../src/store/routeStore";
import { MemoryStorage, makeStores, manualScheduler, routedFetch } from "./storeHarness";

// The detailed search (상세 검색) in the URL: lib/searchQuery.ts through routeStore's format/parse.

const folders = ["INBOX", "거래처 메일", "프로젝트/부산3D", "A+B & C%"];
const searches: { query: string; fields: SearchFields }[] = [
  { query: "\"회의 일정\" 견적", fields: { body: true } },
  { query: "", fields: { from: "김민수 <minsu@example.com>", to: "a&b=c #x", subject: "견적서 송부 100%" } },
  { query: "report", fields: { since: "2026-11-01", before: "2026-12-01", attachment: true } },
  { query: "a+b", fields: { body: true, from: "alice", to: "bob", subject: "s", since: "2024-02-29", before: "2024-03-01", attachment: true } },
  { query: "견적", fields: { all: true } },
  { query: "", fields: { all: true, body: true, from: "박지영" } },
];

test("every detailed search round-trips through its URL, with every folder and a message", () => {
  for (const folder of folders) {
    for (const { query, fields } of searches) {
      for (const uid of [null, 7]) {
        const place = route({ folder, query, fields, uid });
        const url = formatRoute(place);
        assert.ok(!/[ #"]/.test(url), `nothing the address bar would change: ${url}`);
        assert.deepEqual(parseRoute(url), place, url);
      }
    }
  }
});

test("a plain search's URL is as before, and empty or false fields leave no trace", () => {
  assert.equal(formatRoute(route({ folder: "INBOX", query: "견적", uid: 3 })), "/m/INBOX?q=%EA%B2%AC%EC%A0%81&uid=3");
  assert.equal(formatRoute(route({ folder: "INBOX", query: "", fields: { body: false, from: "  ", attachment: false }, uid: null })), "/m/INBOX");
  assert.deepEqual(parseRoute("/m/INBOX?q=x"), route({ folder: "INBOX", query: "x", uid: null }));
  assert.equal(formatRoute(route({ folder: "INBOX", query: "x", fields: { since: "2026-12-01", body: true }, uid: null })), "/m/INBOX?q=x&body=1&since=2026-12-01");
  assert.equal(formatRoute(route({ folder: "INBOX", query: "x", fields: { all: true }, uid: null })), "/m/INBOX?q=x&scope=all");
  assert.deepEqual(parseRoute("/m/INBOX?q=x&scope=everything"), route({ folder: "INBOX", query: "x", uid: null }));
});

test("fields typed by hand that are not valid are left out, not guessed at", () => {
  assert.deepEqual(readFields(new URLSearchParams("since=2026-02-30&before=12/01/2026&body=yes&attachment=true&from=%20")), {});
  assert.deepEqual(readFields(new URLSearchParams("since=2026-02-28&before=2028-02-29")), { since: "2026-02-28", before: "2028-02-29" });
  assert.ok(isIsoDay("2024-02-29") && !isIsoDay("2023-02-29") && !isIsoDay("2026-1-01"));
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2024-03-01", -1), "2024-02-29");
});

test("a reload of a detailed search's URL searches with its fields; the quick search box clears them", async () => {
  const url = formatRoute(route({ folder: "거래처 메일", query: "견적", fields: { from: "김민수", since: "2026-11-01", before: "2026-11-08", body: true }, uid: null }));
  const location = new MemoryLocation(url);
  const { app, routed } = makeStores(new MemoryStorage(), routedFetch(), undefined, manualScheduler(), undefined, location);
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.deepEqual(app.mailbox.state.fields, { from: "김민수", since: "2026-11-01", before: "2026-11-08", body: true });
  const list = routed.calls.filter((c) => c.startsWith("GET /api/mail/messages?"));
  assert.equal(list.length, 1, "one list request");
  const sent = new URLSearchParams(list[0].slice(list[0].indexOf("?") + 1));
  assert.equal(sent.get("q"), "견적");
  assert.equal(sent.get("from"), "김민수");
  assert.equal(sent.get("since"), "2026-11-01");
  assert.equal(sent.get("before"), "2026-11-08");
  assert.equal(sent.get("body"), "1");
  assert.deepEqual(location.entries, [url], "the URL stays as it was");

  await app.mailbox.search("회의");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(app.mailbox.state.fields, {});
  assert.equal(location.current(), formatRoute(route({ folder: "거래처 메일", query: "회의", uid: null })));
});
