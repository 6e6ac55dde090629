// Folder management from the folder pane (issue 25): the folder store with the real API client
// over a fake server, and the mailbox's spam report and drag payload.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FetchLike } from "../src/api/mailApi";
import type { Folder } from "../src/api/types";
import { findFolder } from "../src/lib/folders";
import { makeStores, MemoryStorage, routedFetch } from "./storeHarness";

/** The harness's server plus the folder routes; every folder request is recorded with its body. */
function withFolderRoutes(answers: { deleted?: { folders: string[]; trashed: number; trash: string }; expunged?: number; status?: number } = {}) {
  const routed = routedFetch();
  const requests: { method: string; url: string; body: unknown }[] = [];
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });
    if (url.startsWith("/api/mail/folders") && method !== "GET") {
      requests.push({ method, url, body });
      if (answers.status) return json({ code: "folder_exists", detail: "있음" }, answers.status);
      const b = body as { name?: string; parent?: string; new_name?: string } | undefined;
      if (url === "/api/mail/folders/empty") return json({ ok: true, expunged: answers.expunged ?? 0 });
      if (method === "POST") {
        const name = b?.parent ? `${b.parent}/${b.name}` : b?.name ?? "";
        return json({ name, display_name: name.split("/").pop(), delimiter: "/", role: null, unseen: 0, total: 0, children: [] }, 201);
      }
      if (method === "PATCH") {
        const name = b?.new_name ?? "";
        return json({ name, display_name: name.split("/").pop(), delimiter: "/", role: null, unseen: 0, total: 1, children: [] });
      }
      if (method === "DELETE") return json({ ok: true, deleted: answers.deleted ?? { folders: [], trashed: 0, trash: "Trash" } });
    }
    if (url === "/api/mail/messages/spam") {
      requests.push({ method, url, body });
      const b = body as { uids: number[]; spam: boolean };
      return json({ ok: true, moved: { folder: b.spam ? "Junk" : "INBOX", uids: b.uids.map((_, i) => 900 + i) } });
    }
    return routed.fetch(url, init);
  };
  return { routed: { ...routed, fetch }, requests };
}

function stores(answers?: Parameters<typeof withFolderRoutes>[0], dialogs: { prompts?: (string | null)[]; confirms?: boolean[] } = {}) {
  const { routed, requests } = withFolderRoutes(answers);
  const { app } = makeStores(new MemoryStorage(), routed);
  const questions: string[] = [];
  // The dialogs are the environment's; the tests answer them in order.
  Object.assign(app.folders, {
    dialogs: {
      prompt: (question: string) => (questions.push(question), dialogs.prompts?.shift() ?? null),
      confirm: (question: string) => (questions.push(question), dialogs.confirms?.shift() ?? false),
    },
  });
  return { app, requests, questions };
}

function lastNotice(app: ReturnType<typeof makeStores>["app"]) {
  const { notices } = app.notices.state;
  return notices[notices.length - 1];
}

function folder(app: ReturnType<typeof makeStores>["app"], name: string): Folder {
  const found = findFolder(app.mailbox.state.folders, name);
  assert.ok(found, `${name} in the tree`);
  return found;
}

test("a folder is made at the top or inside another, from the name typed (trimmed); cancel makes none", async () => {
  const { app, requests } = stores(undefined, { prompts: ["  거래처 메일 ", "부산3D", null, "   "] });
  await app.mailbox.loadFolders();
  await app.folders.create();
  await app.folders.create(folder(app, "Projects"));
  await app.folders.create();
  await app.folders.create();
  assert.deepEqual(requests.map((r) => r.body), [{ name: "거래처 메일" }, { name: "부산3D", parent: "Projects" }]);
  assert.match(lastNotice(app)?.text ?? "", /부산3D/);
});

test("renaming keeps the parent path, and the open folder (or one inside it) follows", async () => {
  const { app, requests } = stores(undefined, { prompts: ["고객", "고객사"] });
  await app.mailbox.loadFolders();
  await app.mailbox.openFolder("Projects/지오");
  await app.folders.rename(folder(app, "Projects/지오"));
  assert.deepEqual(requests[0]?.body, { name: "Projects/지오", new_name: "Projects/고객" });
  assert.equal(app.mailbox.state.folder, "Projects/고객");
  await app.mailbox.openFolder("Projects/지오");
  await app.folders.rename(folder(app, "Projects"));
  assert.deepEqual(requests[1]?.body, { name: "Projects", new_name: "고객사" });
  assert.equal(app.mailbox.state.folder, "고객사/지오", "a folder inside the renamed one follows too");
});

test("deleting a folder with mail or sub-folders asks first; declining deletes nothing; the open folder goes to INBOX", async () => {
  const deleted = { folders: ["Projects/지오", "Projects"], trashed: 4, trash: "Trash" };
  const { app, requests, questions } = stores({ deleted }, { confirms: [false, true] });
  await app.mailbox.loadFolders();
  await app.mailbox.openFolder("Projects/지오");
  await app.folders.remove(folder(app, "Projects"));
  assert.equal(requests.length, 0);
  assert.match(questions[0] ?? "", /하위 편지함 1개.*메일 4개/);
  await app.folders.remove(folder(app, "Projects"));
  assert.equal(requests[0]?.method, "DELETE");
  assert.equal(requests[0]?.url, "/api/mail/folders?name=Projects");
  assert.equal(app.mailbox.state.folder, "INBOX");
  assert.match(lastNotice(app)?.text ?? "", /4개는 휴지통/);
});

test("an empty folder without sub-folders is deleted without a question", async () => {
  const { app, requests, questions } = stores();
  app.mailbox.store.setState({ folders: [{ name: "빈 폴더", display_name: "빈 폴더", delimiter: "/", role: null, unseen: 0, total: 0, children: [] }] });
  await app.folders.remove(folder(app, "빈 폴더"));
  assert.equal(questions.length, 0);
  assert.equal(requests[0]?.url, "/api/mail/folders?name=%EB%B9%88+%ED%8F%B4%EB%8D%94");
});

test("emptying Trash always asks; declined, nothing is sent", async () => {
  const { app, requests, questions } = stores({ expunged: 3 }, { confirms: [false, true] });
  await app.mailbox.loadFolders();
  await app.folders.empty(folder(app, "Trash"));
  assert.equal(requests.length, 0);
  assert.match(questions[0] ?? "", /휴지통.*영구 삭제/);
  await app.folders.empty(folder(app, "Trash"));
  assert.deepEqual(requests[0]?.body, { name: "Trash" });
  assert.match(lastNotice(app)?.text ?? "", /3개를 영구 삭제/);
});

test("a refused change says why in the user's words", async () => {
  const { app } = stores({ status: 409 }, { prompts: ["Sent"] });
  await app.folders.create();
  const last = lastNotice(app);
  assert.equal(last?.tone, "error");
  assert.equal(last?.text, "같은 이름의 편지함이 이미 있습니다.");
});

test("스팸 신고 moves the selection to Junk with an undo; a drag carries the selection or the row alone", async () => {
  const { app, requests } = stores();
  await app.mailbox.loadFolders();
  await app.mailbox.loadList();
  app.mailbox.click(120, "toggle");
  app.mailbox.click(119, "toggle");
  assert.deepEqual(app.mailbox.dragUids(119), [120, 119]);
  assert.deepEqual(app.mailbox.dragUids(100), [100]);
  await app.mailbox.reportSpam(true);
  assert.deepEqual(requests[0]?.body, { folder: "INBOX", uids: [120, 119], spam: true });
  const toast = lastNotice(app);
  assert.ok(toast?.action, "the toast offers 실행 취소");
});
