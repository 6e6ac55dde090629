import { test } from "node:test";
import assert from "node:assert/strict";
import { keepPendingDraft, PENDING_DRAFT_LIFETIME_MS, takePendingDraft } from "../src/lib/pendingDrafts";

// Issue 23 item 10: a draft kept after a 401 belongs to its writer alone.
const t0 = Date.UTC(2026, 11, 6, 9, 0, 0);

test("a kept draft is given back only to its owner, and others' stay", () => {
  let raw = keepPendingDraft(null, "Alice@zioinfo.co.kr", { text: "A's secret" }, t0);
  raw = keepPendingDraft(raw, "bob@zioinfo.co.kr", { text: "B's note" }, t0 + 1000);
  const forCarol = takePendingDraft<{ text: string }>(raw, "carol@zioinfo.co.kr", t0 + 2000);
  assert.equal(forCarol.form, null);
  assert.equal(forCarol.rest, raw);
  const forBob = takePendingDraft<{ text: string }>(raw, "bob@zioinfo.co.kr", t0 + 2000);
  assert.deepEqual(forBob.form, { text: "B's note" });
  assert.ok(!forBob.rest.includes("B's note") && forBob.rest.includes("A's secret"));
  const forAlice = takePendingDraft<{ text: string }>(forBob.rest, "alice@zioinfo.co.kr", t0 + 3000);
  assert.deepEqual(forAlice.form, { text: "A's secret" });
  assert.equal(forAlice.rest, "");
});

test("a kept draft expires after the token lifetime; old owner-less entries are never restored", () => {
  const raw = keepPendingDraft(null, "alice@zioinfo.co.kr", { text: "old" }, t0);
  assert.equal(takePendingDraft(raw, "alice@zioinfo.co.kr", t0 + PENDING_DRAFT_LIFETIME_MS).form, null);
  assert.equal(takePendingDraft(raw, "alice@zioinfo.co.kr", t0 + PENDING_DRAFT_LIFETIME_MS).rest, "");
  // The format before owners were stored: a bare compose form.
  const legacy = JSON.stringify({ to: "x@y", subject: "s", text: "someone's mail", attachments: [] });
  assert.equal(takePendingDraft(legacy, "alice@zioinfo.co.kr", t0).form, null);
  assert.equal(takePendingDraft("not json", "alice@zioinfo.co.kr", t0).form, null);
  // No owner known: nothing is kept under an empty name.
  assert.equal(keepPendingDraft(null, "", { text: "x" }, t0), "");
});
