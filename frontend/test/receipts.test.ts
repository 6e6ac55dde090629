// Issue 33: 수신확인 shows only when the server offers it (GET /auth/me `receipts`), the view has
// its own URL (/r/), and 발송취소's confirmation names only the internal recipients who have not read it.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FetchLike } from "../src/api/mailApi";
import { MessageReceipts } from "../src/store/receiptsData";
import { isReceiptsUrl } from "../src/store/receiptsStore";
import { MemoryStorage, makeStores, manualScheduler, routedFetch } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";

type Extra = (url: string, init?: RequestInit) => Promise<Response | undefined>;

function withMe(receipts: boolean | undefined, extra?: Extra) {
  const routed = routedFetch({});
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith("/api/auth/me")) return new Response(JSON.stringify({ email: ME, receipts }), { status: 200 });
    return (await extra?.(url, init)) ?? routed.fetch(url, init);
  };
  return makeStores(new MemoryStorage(), { ...routed, fetch }, undefined, manualScheduler());
}

test("the feature is hidden unless /auth/me says receipts: true", async () => {
  for (const [flag, shown] of [[true, true], [false, false], [undefined, false]] as const) {
    const { app } = withMe(flag);
    await app.session.login(ME, "1q2w3e!Q");
    assert.equal(app.receipts.state.available, shown, String(flag));
  }
  assert.ok(isReceiptsUrl("/r/") && isReceiptsUrl("/r") && !isReceiptsUrl("/m/r"));
});

test("발송취소 offers only unread internal recipients and shows the result per recipient", async () => {
  const receipts = [
    { email: "info@zioinfo.co.kr", internal: true, status: "read", read_at: "2026-12-07T09:00:00Z" },
    { email: "admin@zioinfo.co.kr", internal: true, status: "unread", read_at: null },
    { email: "partner@example.com", internal: false, status: "external", read_at: null },
  ];
  const calls: string[] = [];
  const { app } = withMe(true, async (url, init) => {
    if (!url.includes("/receipts") && !url.includes("/recall")) return undefined;
    calls.push(`${init?.method ?? "GET"} ${url}`);
    if (url.includes("/recall"))
      return new Response(JSON.stringify({ recipients: [{ email: "admin@zioinfo.co.kr", result: "recalled" }] }), { status: 200 });
    return new Response(JSON.stringify({ recipients: receipts, recalled: calls.length > 1 }), { status: 200 });
  });
  const store = new MessageReceipts(app.api, 7, "Sent", String);
  await store.load();
  assert.deepEqual(store.recallable(), ["admin@zioinfo.co.kr"]);
  await store.recall();
  assert.deepEqual(store.state.results, [{ email: "admin@zioinfo.co.kr", result: "recalled" }]);
  assert.equal(store.state.recalled, true);
  assert.deepEqual(calls, ["GET /api/mail/messages/7/receipts?folder=Sent", "POST /api/mail/messages/7/recall?folder=Sent", "GET /api/mail/messages/7/receipts?folder=Sent"]);
});
