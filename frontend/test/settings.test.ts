import assert from "node:assert/strict";
import { test } from "node:test";
import { MailApi, type FetchLike } from "../src/api/mailApi";
import { DEFAULT_SETTINGS, type Settings, type Signature } from "../src/api/settingsTypes";
import { MemoryLocation } from "../src/lib/browserLocation";
import { replaceSignature } from "../src/lib/signature";
import { AppStores } from "../src/store/appStores";
import { MemoryStorage } from "./storeHarness";

const work: Signature = { id: "work", name: "회사", html: "", text: "홍영태 드림\n지오정보기술" };
const short: Signature = { id: "short", name: "짧게", html: "", text: "홍영태" };
const reply = "\n\n2026. 12. 7. 오전 9:00, 김철수 <kim@zioinfo.co.kr> 작성:\n> 회의는 3시입니다.\n>\n> 둘째 줄";

test("a signature goes above the quote with the '-- ' delimiter, and the picker swaps it in place", () => {
  const signed = replaceSignature(reply, null, work);
  assert.equal(signed, "\n\n-- \n홍영태 드림\n지오정보기술" + reply);
  const typed = "네, 참석합니다.\n\n자료도 보내겠습니다." + signed;
  const swapped = replaceSignature(typed, work, short);
  assert.equal(swapped, "네, 참석합니다.\n\n자료도 보내겠습니다.\n\n-- \n홍영태" + reply);
  assert.equal(replaceSignature(swapped, short, null), "네, 참석합니다.\n\n자료도 보내겠습니다." + reply);
  // New mail: at the end.
  assert.equal(replaceSignature("본문", null, short), "본문\n\n-- \n홍영태");
});

/** A server that keeps one user's settings as the real one does (a PATCH merges, answers them all). */
function settingsServer(initial: Partial<Settings> = {}) {
  let stored: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const patches: Partial<Settings>[] = [];
  const fetch: FetchLike = async (url, init) => {
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (url.startsWith("/api/auth/login")) return json({ user: { email: "ythong@zioinfo.co.kr" } });
    if (url.startsWith("/api/auth/me")) return json({ email: "ythong@zioinfo.co.kr" });
    if (url.startsWith("/api/mail/folders")) return json({ folders: [{ name: "INBOX", display_name: "INBOX", role: "inbox", unseen: 0, total: 0, children: [] }] });
    if (url.startsWith("/api/mail/messages?")) return json({ total: 0, page: 1, size: 50, messages: [], url });
    if (url.startsWith("/api/settings")) {
      if (init?.method === "PATCH") {
        const patch = JSON.parse(String(init.body)) as Partial<Settings>;
        patches.push(patch);
        stored = { ...stored, ...patch };
      }
      return json(stored);
    }
    return json({});
  };
  return { fetch, patches, get stored() { return stored; } };
}

test("this browser's old language choice moves to the server once; then the server's settings rule", async () => {
  const server = settingsServer();
  const storage = new MemoryStorage();
  storage.setItem("zm.language", "en");
  const app = new AppStores(new MailApi({ fetch: server.fetch, cookies: () => "" }), { storage, location: new MemoryLocation("/") });
  await app.session.login("ythong@zioinfo.co.kr", "pw");
  assert.equal(app.language.state.language, "en");
  assert.deepEqual(server.patches, [{ language: "en" }]);
  // Changed elsewhere (another browser) to Korean: the next sign-in here follows, sending nothing.
  server.patches.length = 0;
  const again = new AppStores(new MailApi({ fetch: settingsServer({ language: "ko", page_size: 20 }).fetch, cookies: () => "" }), { storage, location: new MemoryLocation("/") });
  await again.session.login("ythong@zioinfo.co.kr", "pw");
  assert.equal(again.language.state.language, "ko");
  assert.equal(again.mailbox.state.pageSize, 20);
});

test("a setting changed on the page applies at once and is stored; the page has its own URL", async () => {
  const server = settingsServer();
  const location = new MemoryLocation("/");
  const app = new AppStores(new MailApi({ fetch: server.fetch, cookies: () => "" }), { storage: new MemoryStorage(), location });
  await app.session.login("ythong@zioinfo.co.kr", "pw");
  app.settings.openPage();
  assert.equal(location.current(), "/s/");
  const saving = app.settings.update({ page_size: 100, reading_pane: "bottom" });
  assert.equal(app.mailbox.state.pageSize, 100); // before the server answered
  assert.equal(await saving, true);
  assert.equal(server.stored.page_size, 100);
  app.settings.closePage();
  assert.equal(location.current(), "/m/INBOX");
  location.go(-1);
  assert.equal(app.settings.state.pageOpen, true);
  assert.equal(location.current(), "/s/"); // the route store left the settings URL alone
});
