// Issue 25: desktop notifications for new mail, opt-in; the permission is asked on the user's click only.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Folder } from "../src/api/types";
import { translate } from "../src/lib/i18n";
import { NotificationStore, type Notifier, type Permission } from "../src/store/notificationStore";
import { MemoryStorage, makeStores, routedFetch } from "./storeHarness";

function fakeNotifier(answer: Permission = "granted") {
  const shown: [string, string][] = [];
  let permission: Permission = "default";
  let asked = 0;
  let front = false;
  const notifier: Notifier = {
    permission: () => permission,
    request: async () => {
      asked++;
      permission = answer;
      return answer;
    },
    show: (title, body) => shown.push([title, body]),
    inFront: () => front,
  };
  return { notifier, shown, asked: () => asked, setFront: (value: boolean) => (front = value) };
}

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate("ko", key, params);

test("nothing is asked until enable (a click); new mail then notifies while the tab is not in front", async () => {
  const fake = fakeNotifier();
  const storage = new MemoryStorage();
  const store = new NotificationStore(fake.notifier, storage, t);
  assert.equal(fake.asked(), 0);
  assert.equal(store.state.enabled, false);
  store.inboxCounts({ unseen: 1, total: 10 }, () => "");
  store.inboxCounts({ unseen: 2, total: 11 }, () => "홍길동: 회의");
  assert.deepEqual(fake.shown, [], "off by default");

  await store.enable();
  assert.equal(fake.asked(), 1);
  assert.equal(store.state.enabled, true);
  assert.equal(storage.getItem("zm.newMailNotifications"), "on");
  store.inboxCounts({ unseen: 4, total: 13 }, () => "홍길동: 주간 회의");
  assert.deepEqual(fake.shown, [["새 메일 2통", "홍길동: 주간 회의"]]);
  store.inboxCounts({ unseen: 5, total: 13 }, () => "x");
  assert.equal(fake.shown.length, 1, "marking a mail unread is not new mail");
  fake.setFront(true);
  store.inboxCounts({ unseen: 6, total: 14 }, () => "x");
  assert.equal(fake.shown.length, 1, "in front the list shows it");

  store.disable();
  fake.setFront(false);
  store.inboxCounts({ unseen: 7, total: 15 }, () => "x");
  assert.equal(fake.shown.length, 1);
  // The choice is remembered: a new page load with permission granted starts on only when it was on.
  assert.equal(new NotificationStore(fake.notifier, storage, t).state.enabled, false);
});

test("a refused permission is remembered as off; no Notification API: unsupported", async () => {
  const fake = fakeNotifier("denied");
  const store = new NotificationStore(fake.notifier, new MemoryStorage(), t);
  await store.enable();
  assert.deepEqual(store.state, { permission: "denied", enabled: false });
  assert.equal(new NotificationStore(null, null, t).state.permission, "unsupported");
});

test("wired: the mail there at sign-in is the baseline, a push that brings inbox mail notifies", async () => {
  const fake = fakeNotifier();
  const inbox = (unseen: number, total: number): Folder[] => [
    { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen, total, children: [] },
  ];
  const options = { folders: inbox(2, 120) };
  const { app } = makeStores(new MemoryStorage(), routedFetch(options), undefined, undefined, fake.notifier);
  await app.notifications.enable();
  await app.session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  assert.deepEqual(fake.shown, [], "the mail there at sign-in is not news");
  options.folders = inbox(3, 121);
  await app.mailChanged(); // what a push event does
  assert.equal(fake.shown.length, 1);
  assert.equal(fake.shown[0]?.[0], "새 메일 1통");
  assert.match(fake.shown[0]?.[1] ?? "", /^홍길동: 메일 \d+$/, "the newest unread mail of the list");
});
