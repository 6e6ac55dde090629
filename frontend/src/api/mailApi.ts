// The typed HTTP client of the SPA: the only place that talks to the server (fetch, and
// XMLHttpRequest where upload progress is needed). Auth is the HttpOnly session cookie set at
// login; state-changing requests carry the CSRF header copied from the CSRF cookie (double submit).
import { ApiError, apiErrorFromResponse } from "./apiError";
import type { Settings } from "./settingsTypes";
import type { DeletedFolders, Folder, ListFilter, ListSearch, LoginResult, Me, Message, MessagePage, MoveAnswer, OutgoingMessage, SearchFields, SendOutcome, SendSchedule, SortField, SortOrder, ThreadMessage, ThreadPage, UploadedFile } from "./types";

export { ApiError } from "./apiError";

export const API_BASE = "/api";
export const CSRF_HEADER = "X-CSRF-Token";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Uploads a multipart body, reporting progress; resolves with status, body and Retry-After.
 * An abort through `signal` rejects with an ApiError of kind "aborted".
 */
export type Uploader = (
  url: string,
  body: FormData,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
) => Promise<{ status: number; body: string; retryAfter: string | null }>;

export interface MailApiOptions {
  fetch?: FetchLike;
  /** document.cookie, injectable for tests. */
  cookies?: () => string;
  upload?: Uploader;
  /** Called on any 401 from an authenticated call (not from login itself). */
  onUnauthorized?: () => void;
}

export interface ListQuery {
  folder: string;
  page: number;
  size: number;
  q?: string;
  sort?: SortField;
  order?: SortOrder;
  filter?: ListFilter;
  /** The detailed search beside `q`. */
  fields?: SearchFields;
}

/** The messages a bulk call acts on: these UIDs, or all of the folder or of a search in it (the server resolves them). */
export type Targets = number[] | { all: ListSearch };

/** The CSRF cookie's value. The server names it; we accept any cookie whose name mentions csrf/xsrf. */
export function csrfTokenFromCookies(cookieHeader: string): string | null {
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (/csrf|xsrf/i.test(name)) {
      try {
        return decodeURIComponent(pair.slice(eq + 1).trim());
      } catch {
        return pair.slice(eq + 1).trim();
      }
    }
  }
  return null;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The detailed search as query parameters (booleans as 1, absent when off). */
function fieldParams(fields: SearchFields = {}): Record<string, string | undefined> {
  const { body, attachment, all, ...texts } = fields;
  return { ...texts, body: body ? "1" : undefined, attachment: attachment ? "1" : undefined, scope: all ? "all" : undefined };
}

/** A bulk body's selection: `uids`, or `"all": true` with the list's search. */
function selection(targets: Targets): Record<string, unknown> {
  return Array.isArray(targets) ? { uids: targets } : { all: true, search: targets.all };
}

function messagePath(uid: number): string {
  return `${API_BASE}/mail/messages/${encodeURIComponent(String(uid))}`;
}

/** The send/draft request body. Addresses go as {name, email}, the API's address shape. */
export function outgoingJson(message: OutgoingMessage): Record<string, unknown> {
  return {
    ...(message.from ? { from: message.from } : {}),
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    subject: message.subject,
    ...(message.text !== null ? { text: message.text } : {}),
    ...(message.html ? { html: message.html } : {}),
    in_reply_to: message.inReplyTo,
    references: message.references,
    ...(message.attachments.length ? { attachments: message.attachments } : {}),
    ...(message.includeParts?.parts.length ? { include_parts: message.includeParts } : {}),
    ...(message.draftUid !== null ? { draft_uid: message.draftUid } : {}),
    ...(message.unparsed && Object.values(message.unparsed).some((list) => list?.length) ? { unparsed_recipients: message.unparsed } : {}),
    ...(message.replyTo ? { reply_to_uid: message.replyTo.uid, reply_to_folder: message.replyTo.folder } : {}),
    ...(message.forwardAsAttachment ? { forward_as_attachment: message.forwardAsAttachment } : {}),
    ...(message.forwardOf ? { forwarded_uid: message.forwardOf.uid, forwarded_folder: message.forwardOf.folder } : {}),
  };
}

const xhrUploader: Uploader = (url, body, headers, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.onabort = () => reject(new ApiError("aborted", 0, null));
    xhr.open("POST", url);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText, retryAfter: xhr.getResponseHeader("Retry-After") });
    xhr.onerror = () => reject(new ApiError("network", 0, null));
    xhr.send(body);
  });

export class MailApi {
  private readonly fetchImpl: FetchLike;
  private readonly cookies: () => string;
  private readonly upload: Uploader;
  onUnauthorized: (() => void) | undefined;

  constructor(options: MailApiOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.cookies = options.cookies ?? (() => (typeof document === "undefined" ? "" : document.cookie));
    this.upload = options.upload ?? xhrUploader;
    this.onUnauthorized = options.onUnauthorized;
  }

  private headers(method: string, json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    if (method !== "GET" && method !== "HEAD") {
      const token = csrfTokenFromCookies(this.cookies());
      if (token) headers[CSRF_HEADER] = token;
    }
    return headers;
  }

  /** An authenticated JSON call for the clients of other areas built over this one (contactsApi.ts). */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(method, `${API_BASE}${path}`, body);
  }

  private async request<T>(method: string, url: string, body?: unknown, options: { authenticated?: boolean } = {}): Promise<T> {
    const { response, text } = await this.exchange(method, url, body, options);
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError("unknown", response.status, "invalid JSON from server");
    }
  }

  /** One request and its answer's text; an error answer throws (a 401 also ends the session). */
  private async exchange(method: string, url: string, body?: unknown, options: { authenticated?: boolean } = {}): Promise<{ response: Response; text: string }> {
    let response: Response;
    try {
      // A form (a file: the address book's import) goes as multipart, anything else as JSON.
      const form = body instanceof FormData;
      response = await this.fetchImpl(url, {
        method,
        credentials: "same-origin",
        headers: this.headers(method, body !== undefined && !form),
        body: form ? body : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError("network", 0, null);
    }
    const text = await response.text();
    if (!response.ok) {
      const error = apiErrorFromResponse(response.status, text, response.headers.get("Retry-After"));
      if (error.kind === "unauthorized" && options.authenticated !== false) this.onUnauthorized?.();
      throw error;
    }
    return { response, text };
  }

  login(username: string, password: string): Promise<LoginResult> {
    return this.request<LoginResult>("POST", `${API_BASE}/auth/login`, { username, password }, { authenticated: false });
  }

  me(): Promise<Me> {
    return this.request<Me>("GET", `${API_BASE}/auth/me`);
  }

  async logout(): Promise<void> {
    await this.request<unknown>("POST", `${API_BASE}/auth/logout`, {}, { authenticated: false });
  }

  folders(): Promise<Folder[]> {
    return this.request<{ folders: Folder[] }>("GET", `${API_BASE}/mail/folders`).then((body) => body.folders);
  }

  messages(list: ListQuery): Promise<MessagePage> {
    return this.request<MessagePage>(
      "GET",
      `${API_BASE}/mail/messages${query({ folder: list.folder, page: list.page, size: list.size, q: list.q, sort: list.sort, order: list.order, filter: list.filter, ...fieldParams(list.fields) })}`,
    );
  }

  /** 대화형 보기: the folder's conversations, newest first (a search with `q`). */
  threads(list: { folder: string; page: number; size: number; q?: string }): Promise<ThreadPage> {
    return this.request<ThreadPage>("GET", `${API_BASE}/mail/threads${query({ folder: list.folder, page: list.page, size: list.size, q: list.q })}`);
  }

  /** A conversation's messages, oldest first, each with its folder. */
  thread(folder: string, id: string): Promise<ThreadMessage[]> {
    return this.request<{ messages: ThreadMessage[] }>("GET", `${API_BASE}/mail/threads/${encodeURIComponent(id)}${query({ folder })}`).then((body) => body.messages);
  }

  message(folder: string, uid: number): Promise<Message> {
    return this.request<Message>("GET", `${messagePath(uid)}${query({ folder })}`);
  }

  attachmentUrl(folder: string, uid: number, part: string): string {
    return `${messagePath(uid)}/attachments/${encodeURIComponent(part)}${query({ folder })}`;
  }

  /** An image, PDF or text attachment to show in the browser (inline, sandboxed by the server's CSP). */
  previewUrl(folder: string, uid: number, part: string): string {
    return `${messagePath(uid)}/attachments/${encodeURIComponent(part)}/preview${query({ folder })}`;
  }

  /** A text attachment through the preview route, decoded by the server from its charset; `truncated`: only its start. */
  async previewText(folder: string, uid: number, part: string): Promise<{ text: string; truncated: boolean }> {
    const { response, text } = await this.exchange("GET", this.previewUrl(folder, uid, part));
    return { text, truncated: response.headers.get("X-Preview-Truncated") === "true" };
  }

  /** Every attachment of the message as one zip (모두 받기). */
  zipUrl(folder: string, uid: number): string {
    return `${messagePath(uid)}/attachments.zip${query({ folder })}`;
  }

  /** The path under which this message's parts are served (the frame's CSP allows only it). */
  partsPath(uid: number): string {
    return `${messagePath(uid)}/attachments/`;
  }

  rawUrl(folder: string, uid: number): string {
    return `${messagePath(uid)}/raw${query({ folder })}`;
  }

  /** One message: PATCH; several: the bulk form (at most 1,000 UIDs a call on the server, or all of a list). */
  setFlags(folder: string, targets: Targets, flags: { seen?: boolean; flagged?: boolean }): Promise<MoveAnswer> {
    if (Array.isArray(targets) && targets.length === 1) return this.request("PATCH", `${messagePath(targets[0] ?? 0)}${query({ folder })}`, flags);
    return this.request("POST", `${API_BASE}/mail/messages/flags`, { folder, ...selection(targets), ...flags });
  }

  move(folder: string, targets: Targets, to: string): Promise<MoveAnswer> {
    return this.request<MoveAnswer>("POST", `${API_BASE}/mail/messages/move`, { folder, ...selection(targets), to });
  }

  /** To Trash (expunged when already there: then the answer has no `moved`). */
  delete(folder: string, targets: Targets): Promise<MoveAnswer> {
    if (Array.isArray(targets) && targets.length === 1) return this.request<MoveAnswer>("DELETE", `${messagePath(targets[0] ?? 0)}${query({ folder })}`);
    return this.request<MoveAnswer>("POST", `${API_BASE}/mail/messages/delete`, { folder, ...selection(targets) });
  }

  /**
   * Sends. A failed send whose message the server kept in Drafts is an outcome, not an error:
   * the server answers with an error status and `{"status": "kept_in_drafts", "detail": why}`.
   */
  async send(message: OutgoingMessage, schedule: SendSchedule = {}): Promise<SendOutcome> {
    const when = {
      ...(schedule.sendAt ? { send_at: schedule.sendAt } : {}),
      ...(!schedule.sendAt && schedule.delaySeconds ? { delay_seconds: schedule.delaySeconds } : {}),
    };
    try {
      // A 2xx is `{"status": "sent", …}`, or (202) `{"status": "queued", "outbox_id", "send_at"}`.
      const answer = await this.request<{ status?: string; outbox_id?: string; send_at?: string } | undefined>(
        "POST", `${API_BASE}/mail/send`, { ...outgoingJson(message), ...when });
      if (answer?.status === "queued" && typeof answer.outbox_id === "string") {
        return { kind: "queued", outboxId: answer.outbox_id, sendAt: answer.send_at ?? "" };
      }
      return { kind: "sent" };
    } catch (error) {
      if (error instanceof ApiError && error.outcome === "kept_in_drafts") return { kind: "kept_in_drafts", error };
      throw error;
    }
  }

  async saveDraft(message: OutgoingMessage): Promise<{ uid: number | null }> {
    const body = await this.request<{ uid?: unknown } | undefined>("POST", `${API_BASE}/mail/drafts`, outgoingJson(message));
    return { uid: typeof body?.uid === "number" ? body.uid : null };
  }

  /** One file to POST /mail/uploads (field `file`), with upload progress 0…1; 413 is too_large. */
  async uploadFile(file: Blob, name: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
    const form = new FormData();
    form.set("file", file, name);
    const answer = await this.upload(`${API_BASE}/mail/uploads`, form, this.headers("POST", false), onProgress, signal);
    if (answer.status < 200 || answer.status >= 300) {
      const error = apiErrorFromResponse(answer.status, answer.body, answer.retryAfter);
      if (error.kind === "unauthorized") this.onUnauthorized?.();
      throw error;
    }
    let uploaded: Partial<UploadedFile> | null = null;
    try {
      uploaded = JSON.parse(answer.body) as Partial<UploadedFile>;
    } catch {
      // handled below
    }
    if (typeof uploaded?.id !== "string") throw new ApiError("unknown", answer.status, "invalid upload answer from server");
    onProgress(1);
    return { id: uploaded.id, filename: uploaded.filename ?? name, content_type: uploaded.content_type ?? "", size: uploaded.size ?? file.size };
  }

  /** Drops an upload the message no longer needs. */
  deleteUpload(id: string): Promise<unknown> {
    return this.request("DELETE", `${API_BASE}/mail/uploads/${encodeURIComponent(id)}`);
  }

  eventsUrl(): string {
    return `${API_BASE}/mail/events`;
  }

  // Folder management (issue 25).

  /** A new folder: `name` is the full path, or with `parent` one level inside that folder. */
  createFolder(name: string, parent?: string): Promise<Folder> {
    return this.request<Folder>("POST", `${API_BASE}/mail/folders`, parent === undefined ? { name } : { name, parent });
  }

  /** `newName` is the new full path (the folder's sub-folders move with it). */
  renameFolder(name: string, newName: string): Promise<Folder> {
    return this.request<Folder>("PATCH", `${API_BASE}/mail/folders`, { name, new_name: newName });
  }

  /** Deletes the folder and its sub-folders; the server moves their mail to Trash first. */
  deleteFolder(name: string): Promise<DeletedFolders> {
    return this.request<{ deleted: DeletedFolders }>("DELETE", `${API_BASE}/mail/folders${query({ name })}`).then((body) => body.deleted);
  }

  /** 휴지통 비우기 / 스팸함 비우기: how many messages were deleted for good. */
  emptyFolder(name: string): Promise<number> {
    return this.request<{ expunged: number }>("POST", `${API_BASE}/mail/folders/empty`, { name }).then((body) => body.expunged);
  }

  /** 스팸 신고 (`spam`: to Junk) or 스팸 아님 (back to INBOX). */
  reportSpam(folder: string, uids: number[], spam: boolean): Promise<MoveAnswer> {
    return this.request<MoveAnswer>("POST", `${API_BASE}/mail/messages/spam`, { folder, uids, spam });
  }

  settings(): Promise<Settings> {
    return this.request<Settings>("GET", `${API_BASE}/settings`);
  }

  /** A partial change; answers every setting after it. */
  updateSettings(changes: Partial<Settings>): Promise<Settings> {
    return this.request<Settings>("PATCH", `${API_BASE}/settings`, changes);
  }

  /** 이 발신자는 항상 표시: one sender added server-side (no read-modify-write of the list). */
  trustSender(email: string): Promise<Settings> {
    return this.request<Settings>("POST", `${API_BASE}/settings/trusted-senders`, { email });
  }

  distrustSender(email: string): Promise<Settings> {
    return this.request<Settings>("DELETE", `${API_BASE}/settings/trusted-senders${query({ email })}`);
  }
}
