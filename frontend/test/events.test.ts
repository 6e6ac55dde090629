import assert from "node:assert/strict";
import { test } from "node:test";
import { EventStore, type EventSourceLike } from "../src/store/eventStore";
import { makeStores } from "./storeHarness";

function fakeSource() {
  const listeners = new Map<string, () => void>();
  let closed = 0;
  const source: EventSourceLike = { addEventListener: (type, listener) => listeners.set(type, listener), close: () => closed++ };
  return { source, listeners, closed: () => closed };
}

test("the feed connects once, reports a burst of events as one change, and closes", async () => {
  const fake = fakeSource();
  const urls: string[] = [];
  const events = new EventStore(() => "/api/mail/events", (url) => (urls.push(url), fake.source));
  let changes = 0;
  events.onChange = () => changes++;
  events.connect();
  events.connect();
  assert.deepEqual(urls, ["/api/mail/events"]);
  assert.deepEqual([...fake.listeners.keys()].sort(), ["expunged", "flags", "message", "new_message", "outbox", "ready"]);
  fake.listeners.get("new_message")?.();
  fake.listeners.get("flags")?.();
  fake.listeners.get("message")?.();
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(changes, 1);
  events.close();
  assert.equal(fake.closed(), 1);
});

test("without EventSource (old browsers, tests) nothing connects", () => {
  const events = new EventStore(() => "/api/mail/events", undefined);
  events.connect();
  events.close();
});

test("a push event reloads counts and the first page", async () => {
  const { app, routed, listeners } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const before = routed.calls.length;
  listeners.get("new_message")?.();
  listeners.get("flags")?.();
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = routed.calls.slice(before);
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/folders")).length, 1, "events are coalesced");
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/messages?")).length, 1);
});

test("the feed's ready event reloads the first page: mail that came before the feed watched is shown", async () => {
  const { app, routed, listeners } = makeStores();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  const before = routed.calls.length;
  listeners.get("ready")?.();
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = routed.calls.slice(before);
  assert.equal(after.filter((c) => c.startsWith("GET /api/mail/messages?")).length, 1);
});
