import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi } from "../src/api/mailApi";
import type { Me } from "../src/api/types";
import { NoticeStore } from "../src/store/noticeStore";
import { SessionStore, type SessionHooks } from "../src/store/sessionStore";
import { MemoryStorage, makeStores, routedFetch } from "./storeHarness";

/** The session store alone; its hooks record what the composition would be asked to do. */
function sessionAlone(routed = routedFetch(), storage = new MemoryStorage()) {
  const calls: string[] = [];
  const hooks: SessionHooks = {
    probe: async () => {
      calls.push("probe");
      await api.folders();
    },
    signedIn: async () => void calls.push("signedIn"),
    accountKnown: (me: Me) => void calls.push(`accountKnown ${me.email}`),
    ending: (email) => void calls.push(`ending ${email}`),
    ended: () => void calls.push("ended"),
  };
  const api = new MailApi({ fetch: routed.fetch, cookies: () => "zm_csrf=c" });
  const notices = new NoticeStore(() => "ko");
  const session = new SessionStore(api, storage, (key) => key, notices, hooks);
  api.onUnauthorized = () => session.sessionLost();
  return { session, calls, routed, storage, api };
}

test("login: probe, then the signed-in views; the address is remembered; /auth/me is reported", async () => {
  const { session, calls, storage } = sessionAlone();
  await assert.rejects(session.login("ythong@zioinfo.co.kr", "wrong"), (e: unknown) => (e as { kind?: string }).kind === "unauthorized");
  assert.equal(session.state.session, null);
  assert.deepEqual(calls, []);
  await session.login(" ythong@zioinfo.co.kr ", "1q2w3e!Q");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(session.state.session, { email: "ythong@zioinfo.co.kr" });
  assert.deepEqual(calls, ["probe", "signedIn", "accountKnown ythong@zioinfo.co.kr"]);
  assert.equal(storage.getItem("zm.session"), JSON.stringify({ email: "ythong@zioinfo.co.kr" }));
});

test("a 401 ends the session: what was being done is kept first, then the views are cleared", async () => {
  const { session, calls, routed, api } = sessionAlone();
  await session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await new Promise((resolve) => setTimeout(resolve, 0)); // (/auth/me)
  calls.length = 0;
  routed.status.value = 401;
  await assert.rejects(api.folders());
  assert.deepEqual(calls, ["ending ythong@zioinfo.co.kr", "ended"]);
  assert.equal(session.state.session, null);
  assert.equal(session.state.loginNotice, "sessionEnded");
  session.sessionLost();
  assert.deepEqual(calls, ["ending ythong@zioinfo.co.kr", "ended"], "once");
});

test("logout clears the session without a notice", async () => {
  const { session, calls } = sessionAlone();
  await session.login("ythong@zioinfo.co.kr", "1q2w3e!Q");
  await new Promise((resolve) => setTimeout(resolve, 0)); // (/auth/me)
  calls.length = 0;
  await session.logout();
  assert.deepEqual(calls, ["ended"]);
  assert.equal(session.state.loginNotice, null);
});

test("on start, a valid cookie session goes straight to the mail; none shows the login page", async () => {
  const fresh = makeStores();
  await fresh.app.session.checkSession();
  assert.ok(fresh.app.session.state.sessionChecked);
  assert.ok(fresh.app.session.state.session, "folders answered: the cookie session is valid");
  assert.equal(fresh.app.mailbox.state.messages.length, 50);
  const routed = routedFetch();
  routed.status.value = 401;
  const expired = makeStores(new MemoryStorage(), routed);
  await expired.app.session.checkSession();
  assert.ok(expired.app.session.state.sessionChecked);
  assert.equal(expired.app.session.state.session, null);
});
