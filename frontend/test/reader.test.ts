import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi } from "../src/api/mailApi";
import type { Message } from "../src/api/types";
import { ReaderStore } from "../src/store/readerStore";
import { message, routedFetch } from "./storeHarness";

function readerAlone(messages: Map<string, Message>) {
  const routed = routedFetch({ messages });
  const reader = new ReaderStore(new MailApi({ fetch: routed.fetch, cookies: () => "" }), (e) => `failed: ${(e as Error).message}`);
  const opened: number[] = [];
  reader.onOpened = (m) => opened.push(m.uid);
  return { reader, opened, routed };
}

test("opening shows the message pane, loads the message and reports it; closing goes back to the list", async () => {
  const { reader, opened } = readerAlone(new Map([["INBOX/42", message(42)]]));
  const loading = reader.open("INBOX", 42);
  assert.equal(reader.state.pane, "view");
  assert.equal(reader.state.messageLoading, true);
  await loading;
  assert.equal(reader.state.message?.uid, 42);
  assert.deepEqual(opened, [42]);
  assert.equal(reader.rawUrl(42), "/api/mail/messages/42/raw?folder=INBOX");
  assert.equal(reader.attachmentUrl(42, "2"), "/api/mail/messages/42/attachments/2?folder=INBOX");
  reader.close();
  assert.equal(reader.state.message, null);
  assert.equal(reader.state.pane, "list");
});

test("a slower answer for a message opened before does not replace the one opened last", async () => {
  const { reader, opened } = readerAlone(new Map([["INBOX/1", message(1)], ["INBOX/2", message(2)]]));
  const first = reader.open("INBOX", 1);
  const second = reader.open("INBOX", 2);
  await Promise.all([first, second]);
  assert.equal(reader.state.message?.uid, 2);
  assert.deepEqual(opened, [2]);
});

test("a message that cannot be loaded shows why", async () => {
  const { reader } = readerAlone(new Map());
  await reader.open("INBOX", 5);
  assert.equal(reader.state.messageLoading, false);
  assert.equal(reader.state.messageError, "failed: not found");
});

test("remote content is allowed per message (folder and UID), not per UID", async () => {
  const { reader } = readerAlone(new Map([["INBOX/42", message(42)], ["Sent/42", message(42)]]));
  await reader.open("INBOX", 42);
  reader.allowRemote();
  assert.ok(ReaderStore.isRemoteAllowed(reader.state));
  await reader.open("Sent", 42);
  assert.ok(!ReaderStore.isRemoteAllowed(reader.state));
});
