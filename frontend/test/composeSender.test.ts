import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import { DEFAULT_SETTINGS, type Settings } from "../src/api/settingsTypes";
import { MemoryLocation } from "../src/lib/browserLocation";
import { AppStores } from "../src/store/appStores";
import { senderOf, switchSender } from "../src/store/composeSender";
import { signatureOf } from "../src/store/composeSignature";
import { MemoryStorage } from "./storeHarness";

const ME = "ythong@zioinfo.co.kr";
const settings: Settings = {
  ...DEFAULT_SETTINGS,
  // HTML mode needs a DOM (tested in Chromium); the sender logic is the same in both.
  compose_format: "plain",
  display_name: "홍영태",
  signatures: [
    { id: "own", name: "개인", html: "", text: "홍영태 드림" },
    { id: "team", name: "영업팀", html: "", text: "지오정보기술 영업팀" },
  ],
  signature_new: "own",
  identities: [{ id: "sales", email: "sales@zioinfo.co.kr", name: "지오 영업팀", signature: "team", reply_to: null }],
};

/** A server with these settings that records what is sent. */
function server() {
  const sent: Record<string, unknown>[] = [];
  const fetch: FetchLike = async (url, init) => {
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (url.startsWith("/api/auth/login")) return json({ user: { email: ME } });
    if (url.startsWith("/api/auth/me")) return json({ email: ME });
    if (url.startsWith("/api/mail/folders")) return json({ folders: [{ name: "INBOX", display_name: "INBOX", role: "inbox", unseen: 0, total: 0, children: [] }] });
    if (url.startsWith("/api/mail/messages?")) return json({ total: 0, page: 1, size: 50, messages: [] });
    if (url.startsWith("/api/settings")) return json(settings);
    if (url.startsWith("/api/mail/send")) {
      sent.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return json({ status: "sent", message_id: "x@zioinfo.co.kr", sent_copy: true });
    }
    return json({});
  };
  return { fetch, sent };
}

/** Signed in, with a new compose window open. */
async function composing() {
  const backend = server();
  const app = new AppStores(new MailApi({ fetch: backend.fetch, cookies: () => "" }), { storage: new MemoryStorage(), location: new MemoryLocation("/") });
  await app.session.login(ME, "pw");
  app.compose.open("new");
  return { app, backend, form: app.compose.focused()! };
}

test("the From picker sends as the identity with its signature, and back to the login address with the default one", async () => {
  const { app, backend, form } = await composing();
  const current = app.settings.state.settings;
  assert.equal(senderOf(form, current), null);
  assert.equal(signatureOf(form), "own");

  switchSender(form, "sales@zioinfo.co.kr", current);
  assert.equal(senderOf(form, current)?.name, "지오 영업팀");
  assert.equal(signatureOf(form), "team");
  assert.match(form.state.compose!.text, /-- \n지오정보기술 영업팀$/);
  assert.doesNotMatch(form.state.compose!.text, /홍영태 드림/);

  switchSender(form, null, current);
  assert.equal(form.state.compose!.from, null);
  assert.equal(signatureOf(form), "own");
  assert.match(form.state.compose!.text, /-- \n홍영태 드림$/);

  switchSender(form, "sales@zioinfo.co.kr", current);
  form.update({ to: "info@zioinfo.co.kr", subject: "견적" });
  assert.deepEqual(await form.send(), { kind: "sent" });
  assert.equal(backend.sent[0]?.from, "sales@zioinfo.co.kr");

  // A new window starts as the login address again: no `from` at all.
  app.compose.open("new");
  const next = app.compose.focused()!;
  next.update({ to: "info@zioinfo.co.kr" });
  assert.deepEqual(await next.send(), { kind: "sent" });
  assert.ok(!("from" in (backend.sent[1] ?? {})));
});

test("an address that is no identity (removed meanwhile) is not picked", async () => {
  const { app, form } = await composing();
  switchSender(form, "ceo@zioinfo.co.kr", app.settings.state.settings);
  assert.equal(form.state.compose!.from, null);
});
