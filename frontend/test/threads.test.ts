import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import type { ThreadMessage, ThreadSummary } from "../src/api/types";
import { MailboxStore } from "../src/store/mailboxStore";
import { NoticeStore } from "../src/store/noticeStore";
import { ReaderStore } from "../src/store/readerStore";
import { ThreadStore } from "../src/store/threadStore";
import { participantNames, firstExpanded } from "../src/components/Conversations";
import { message, routedFetch } from "./storeHarness";

/** GET /mail/threads as the contract has it: 120 INBOX messages in 60 conversations of two. */
function thread(n: number): ThreadSummary {
  return {
    id: `t${n}`,
    subject: `대화 ${n}`,
    participants: [{ name: "김철수", email: "kim@example.net" }, { name: "", email: "ythong@zioinfo.co.kr" }],
    count: 2,
    unseen: n === 1 ? 2 : 0,
    flagged: false,
    date: "2026-12-07T06:00:00Z",
    has_attachments: false,
    uids: [2 * n, 2 * n - 1],
  };
}

function threadStack() {
  const routed = routedFetch();
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith("/api/mail/threads?")) {
      calls.push(url);
      const params = new URL(url, "http://x").searchParams;
      const page = Number(params.get("page"));
      const size = Number(params.get("size"));
      const threads = Array.from({ length: Math.max(0, Math.min(size, 60 - (page - 1) * size)) }, (_, i) => thread((page - 1) * size + i + 1));
      return new Response(JSON.stringify({ total: 60, page, size, threads }));
    }
    if (url.startsWith("/api/mail/threads/t1?")) {
      calls.push(url);
      const messages: ThreadMessage[] = [
        { ...message(1, { flags: { seen: true, flagged: false, answered: false, draft: false } }), folder: "INBOX" },
        { ...message(9, { from: { name: "통영", email: "ythong@zioinfo.co.kr" } }), folder: "Sent", own: true },
        { ...message(2, { flags: { seen: false, flagged: false, answered: false, draft: false } }), folder: "INBOX" },
      ];
      return new Response(JSON.stringify({ messages }));
    }
    return routed.fetch(url, init);
  };
  const api = new MailApi({ fetch, cookies: () => "zm_csrf=c" });
  const notices = new NoticeStore(() => "ko");
  const reader = new ReaderStore(api, (e) => notices.describe(e));
  const t = (key: string) => key;
  const mailbox = new MailboxStore(api, reader, notices, t, () => true);
  const threads = new ThreadStore(api, mailbox, reader, (e) => notices.describe(e));
  return { mailbox, threads, reader, notices, routed, calls };
}

test("the conversations follow the mailbox's list: its folder, search and page size, paged on their own", async () => {
  const { mailbox, threads, calls } = threadStack();
  await mailbox.loadFolders();
  threads.setMode(true);
  await threads.load();
  assert.equal(threads.state.threads.length, 50);
  assert.equal(threads.state.total, 60);
  await threads.goToPage(2);
  assert.equal(threads.state.threads.length, 10);
  assert.equal(threads.state.threads[0].id, "t51");
  calls.length = 0;
  await mailbox.search("견적");
  await threads.load(); // the one the search started has the same answer
  assert.equal(threads.state.page, 1, "a new search starts at the first page");
  assert.ok(calls.some((url) => url.includes("q=%EA%B2%AC%EC%A0%81") && url.includes("page=1")), calls.join(" "));
});

test("off, the conversations do not load with the list", async () => {
  const { mailbox, threads, calls } = threadStack();
  await mailbox.loadFolders();
  await mailbox.loadList();
  assert.equal(calls.length, 0);
  assert.equal(threads.state.on, false);
});

test("actions on a conversation are the mailbox's on all its UIDs, with the move's undo", async () => {
  const { mailbox, threads, routed, notices } = threadStack();
  await mailbox.loadFolders();
  threads.setMode(true);
  await threads.load();
  threads.toggle("t1");
  threads.toggle("t2");
  assert.deepEqual(threads.targets(), [2, 1, 4, 3]);
  await threads.setSeen(true);
  assert.deepEqual(routed.bodies.get("POST /api/mail/messages/flags")?.[0], { folder: "INBOX", uids: [2, 1, 4, 3], seen: true });
  await threads.remove({ delete: true });
  assert.deepEqual(routed.bodies.get("POST /api/mail/messages/delete")?.[0], { folder: "INBOX", uids: [2, 1, 4, 3] });
  assert.deepEqual(threads.state.selection, []);
  const toast = notices.state.notices[notices.state.notices.length - 1];
  assert.ok(toast?.action, "the delete offers 실행 취소");
});

test("opening a conversation loads it oldest first and marks its unread messages of this folder read", async () => {
  const { mailbox, threads, routed } = threadStack();
  await mailbox.loadFolders();
  threads.setMode(true);
  await threads.load();
  await threads.open("t1");
  assert.deepEqual(threads.state.messages.map((m) => `${m.folder}/${m.uid}`), ["INBOX/1", "Sent/9", "INBOX/2"]);
  assert.deepEqual(routed.bodies.get("PATCH /api/mail/messages/2")?.[0], { seen: true });
  assert.equal(threads.state.messages[2].flags.seen, true);
  assert.equal(firstExpanded([threads.state.messages[0], { ...threads.state.messages[2], flags: { ...threads.state.messages[2].flags, seen: false } }]), 1);
  assert.equal(firstExpanded(threads.state.messages), 2, "all read: the newest");
  await mailbox.openFolder("Sent");
  assert.equal(threads.state.openId, null, "another folder closes it");
});

test("participants: names once each, the user as 나", () => {
  const names = participantNames(
    [{ name: "김철수", email: "kim@example.net" }, { name: "", email: "YTHONG@zioinfo.co.kr" }, { name: "김철수", email: "KIM@example.net" }, { name: "", email: "lee@example.net" }],
    "ythong@zioinfo.co.kr",
    "나",
    (a) => a.name || a.email,
  );
  assert.equal(names, "김철수, 나, lee@example.net");
});

test("participants: the server's count shows as 이름 ×N", () => {
  const names = participantNames(
    [{ name: "김철수", email: "kim@example.net", count: 2 }, { name: "", email: "ythong@zioinfo.co.kr", count: 3 }, { name: "박영희", email: "park@example.net", count: 1 }],
    "ythong@zioinfo.co.kr",
    "나",
    (a) => a.name || a.email,
  );
  assert.equal(names, "김철수 ×2, 나 ×3, 박영희");
});
