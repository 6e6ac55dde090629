// The app's stores under test with a fake server behind their real API client, shared by the store tests.
import { MailApi, type FetchLike, type Uploader } from "../src/api/mailApi";
import type { LocationLike } from "../src/lib/browserLocation";
import type { Folder, Message, MessageSummary } from "../src/api/types";
import { AppStores } from "../src/store/appStores";
import type { Scheduler } from "../src/store/composeStore";
import type { EventSourceLike } from "../src/store/eventStore";
import type { Notifier } from "../src/store/notificationStore";

export class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

export const folders: Folder[] = [
  { name: "Projects", display_name: "Projects", delimiter: "/", role: null, unseen: 0, total: 1, children: [
    { name: "Projects/지오", display_name: "지오", delimiter: "/", role: null, unseen: 1, total: 3, children: [] },
  ] },
  { name: "Trash", display_name: "Trash", delimiter: "/", role: "trash", unseen: 0, total: 0, children: [] },
  { name: "INBOX", display_name: "INBOX", delimiter: "/", role: "inbox", unseen: 2, total: 120, children: [] },
  { name: "Sent", display_name: "Sent", delimiter: "/", role: "sent", unseen: 0, total: 4, children: [] },
];

export function summary(uid: number, seen = false): MessageSummary {
  return {
    uid,
    subject: `메일 ${uid}`,
    from: { name: "홍길동", email: "hong@zioinfo.co.kr" },
    to: [{ name: "", email: "ythong@zioinfo.co.kr" }],
    date: "2026-11-25T06:00:00Z",
    flags: { seen, flagged: false, answered: false, draft: false },
    size: 100,
    has_attachments: false,
    preview: "",
  };
}

/** A whole message (GET /mail/messages/{uid}) with three attachments, one of them an inline image. */
export function message(uid: number, patch: Partial<Message> = {}): Message {
  return {
    uid,
    subject: "견적서 송부",
    from: { name: "김철수", email: "kim@example.net" },
    to: [{ name: "", email: "ythong@zioinfo.co.kr" }],
    cc: [],
    reply_to: [],
    date: "2026-11-25T06:00:00Z",
    flags: { seen: true, flagged: false, answered: false, draft: false },
    size: 2048,
    has_attachments: true,
    preview: "",
    message_id: "<m1@example.net>",
    in_reply_to: null,
    references: [],
    text: "견적서를 첨부합니다.",
    html: null,
    attachments: [
      { part: "2", filename: "견적서_2026년.pdf", content_type: "application/pdf", size: 1000, inline: false, content_id: null },
      { part: "3", filename: "logo.png", content_type: "image/png", size: 300, inline: true, content_id: "<logo@x>" },
      { part: "4.1", filename: "표.xlsx", content_type: "application/vnd.ms-excel", size: 500, inline: false, content_id: null },
    ],
    ...patch,
  };
}

export interface Routed {
  fetch: FetchLike;
  calls: string[];
  /** The JSON bodies sent, by "METHOD path" (without the query). */
  bodies: Map<string, unknown[]>;
  status: { value: number };
}

/**
 * A fake server: login, folders, 120 INBOX summaries; `messages` answers GET /mail/messages/{uid}
 * (by "folder/uid"); a saved draft gets UID 77, or the next of `draftUids`.
 */
export function routedFetch(
  options: { folders?: Folder[]; messages?: Map<string, Message>; draftUids?: number[]; maxMessageBytes?: number } = {},
): Routed {
  const calls: string[] = [];
  const bodies = new Map<string, unknown[]>();
  const status = { value: 200 };
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? "GET";
    calls.push(`${method} ${url}`);
    if (typeof init?.body === "string") {
      const key = `${method} ${url.split("?")[0]}`;
      bodies.set(key, [...(bodies.get(key) ?? []), JSON.parse(init.body)]);
    }
    const json = (body: unknown, code = 200) => new Response(JSON.stringify(body), { status: code });
    if (status.value !== 200) return json({ detail: "expired" }, status.value);
    if (url.startsWith("/api/auth/login")) {
      const body = JSON.parse(String(init?.body)) as { password: string };
      if (body.password !== "1q2w3e!Q") return json({ detail: "인증 실패" }, 401);
      return json({ access_token: "t", token_type: "bearer", expires_at: "", user: { email: "ythong@zioinfo.co.kr" } });
    }
    if (url.startsWith("/api/mail/folders")) return json({ folders: options.folders ?? folders });
    if (url.startsWith("/api/auth/me")) return json({ email: "ythong@zioinfo.co.kr", max_message_bytes: options.maxMessageBytes });
    const one = /^\/api\/mail\/messages\/(\d+)\?folder=([^&]+)$/.exec(url);
    if (one && method === "GET") {
      const found = options.messages?.get(`${decodeURIComponent((one[2] ?? "").replace(/\+/g, " "))}/${one[1]}`); // + is a space, as URLSearchParams writes it
      return found ? json(found) : json({ detail: "not found" }, 404);
    }
    if (url.startsWith("/api/mail/uploads/") && method === "DELETE") return new Response(null, { status: 204 });
    if (url.startsWith("/api/mail/messages?")) {
      const page = Number(new URL(url, "http://x").searchParams.get("page"));
      const first = 120 - (page - 1) * 50;
      const messages = Array.from({ length: Math.min(50, first) }, (_, i) => summary(first - i, i > 1));
      return json({ total: 120, page, size: 50, messages });
    }
    // Moves and deletes answer as the server does: where the messages went, with new UIDs from 500.
    const movedUids = (uids: number[]) => uids.map((_, i) => 500 + i);
    if (one && method === "DELETE") {
      if (decodeURIComponent(one[2] ?? "") === "Trash") return json({ ok: true });
      return json({ ok: true, moved: { folder: "Trash", uids: movedUids([Number(one[1])]) } });
    }
    if (url === "/api/mail/messages/delete" || url === "/api/mail/messages/move") {
      const body = JSON.parse(String(init?.body)) as { folder: string; uids?: number[]; all?: boolean; to?: string };
      const to = body.to ?? "Trash";
      // "All N": the server resolves the 120 of the folder and reports how many went (no UIDs to undo by).
      if (body.all) return json(body.folder === "Trash" && !body.to ? { ok: true, count: 120 } : { ok: true, moved: { folder: to, uids: [] }, count: 120 });
      return json(body.folder === "Trash" && !body.to ? { ok: true } : { ok: true, moved: { folder: to, uids: movedUids(body.uids ?? []) } });
    }
    if (url === "/api/mail/messages/flags") return json({ ok: true, count: (JSON.parse(String(init?.body)) as { all?: boolean }).all ? 2 : undefined });
    if (url.startsWith("/api/mail/drafts")) return json({ uid: options.draftUids?.shift() ?? 77 });
    if (url.startsWith("/api/mail/send")) return json({ status: "sent" });
    // The store tests are about the form's data in plain mode; HTML mode needs a browser DOM (its
    // module parses and sanitizes HTML): e2e/test_html_compose.py tests it in Chromium.
    if (url === "/api/settings" && method === "GET") return json({ compose_format: "plain" });
    return json({});
  };
  return { fetch, calls, bodies, status };
}

/** Timers the test fires by hand (the compose form's autosave): nothing runs on its own. */
export function manualScheduler() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const scheduler: Scheduler = (_ms, run) => {
    const id = ++next;
    pending.set(id, run);
    return () => pending.delete(id);
  };
  return {
    scheduler,
    pending: () => pending.size,
    fire: () => {
      const runs = [...pending.values()];
      pending.clear();
      for (const run of runs) run();
    },
  };
}

export function makeStores(storage = new MemoryStorage(), routed = routedFetch(), upload?: Uploader, timers = manualScheduler(), notifier?: Notifier, location?: LocationLike) {
  const titles: string[] = [];
  const listeners = new Map<string, () => void>();
  const source: EventSourceLike = {
    addEventListener: (type, listener) => listeners.set(type, listener),
    close: () => listeners.clear(),
  };
  const app = new AppStores(new MailApi({ fetch: routed.fetch, cookies: () => "zm_csrf=c", upload }), {
    storage,
    eventSource: () => source,
    setTitle: (t) => titles.push(t),
    scheduler: timers.scheduler,
    notifier,
    location,
  });
  return { app, routed, titles, listeners, storage, timers };
}

