// The application state and every action on it. Components read slices with useMail(selector)
// and call actions; only actions talk to the API (components → store → api).
import { ApiError, MailApi } from "../api/mailApi";
import type { Address, AttachmentInfo, Folder, Message, MessageSummary, OutgoingMessage, SendOutcome } from "../api/types";
import { formatAddressList, parseAddressList } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import { folderByRole } from "../lib/folders";
import { initialLanguage, translate, type Language, type MessageKey } from "../lib/i18n";
import { bodyText, forwardSubject, quotedBody, references, replyRecipients, replySubject, type ComposeMode } from "../lib/quote";
import { keepPendingDraft, takePendingDraft } from "../lib/pendingDrafts";
import { RecentAddresses, type KeyValueStorage } from "../lib/recentAddresses";
import { createStore, useStore, type Store } from "./createStore";
import { applyClick, type ClickModifier } from "./selection";

export const PAGE_SIZE = 50;
/** ZM_MAX_MESSAGE_BYTES's default: the server refuses a built message bigger than this (413). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * How many bytes of files fit in a message of `messageBytes`: attachments travel base64-encoded
 * (76 characters and CRLF per 57 bytes), and headers, text and part headers need some room.
 * The form checks and shows this, so a send it allows is not refused by the server.
 */
export function attachmentBudget(messageBytes: number): number {
  return Math.max(0, Math.floor((messageBytes - 64 * 1024) / 78) * 57);
}

export const ATTACHMENT_LIMIT_BYTES = attachmentBudget(MAX_MESSAGE_BYTES);
const PENDING_DRAFT_KEY = "zm.pendingDraft";
const SESSION_KEY = "zm.session";
const LANGUAGE_KEY = "zm.language";

/**
 * One attachment chip of the compose form: a file being uploaded or uploaded (`uploadId`), or a
 * part of the message in `ComposeForm.source` (`part`) that the server attaches itself.
 */
export interface ComposeAttachment {
  /** Local identity (React key, progress updates). */
  key: number;
  name: string;
  size: number;
  uploadId?: string;
  part?: string;
  /** 0…1 while uploading, null once done or failed. */
  progress: number | null;
  error?: string;
}

export interface ComposeForm {
  mode: ComposeMode;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  attachments: ComposeAttachment[];
  /** The message whose parts the `part` chips name: the forwarded original or the reopened draft. */
  source: { folder: string; uid: number } | null;
  inReplyTo: string | null;
  references: string[];
  draftUid: number | null;
  replyTo: { uid: number; folder: string } | null;
  /** null, or 0 while sending. */
  sendProgress: number | null;
  error: string | null;
  dirty: boolean;
}

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
}

export type Pane = "folders" | "list" | "view";

export interface MailState {
  language: Language;
  /** null until the first session check answered. */
  session: { email: string } | null;
  sessionChecked: boolean;
  loginNotice: string | null;
  folders: Folder[];
  folder: string;
  page: number;
  query: string;
  total: number;
  messages: MessageSummary[];
  listLoading: boolean;
  listError: string | null;
  selection: number[];
  anchor: number | null;
  cursor: number;
  openUid: number | null;
  message: Message | null;
  messageLoading: boolean;
  messageError: string | null;
  /** "folder\nuid" of messages whose remote content the reader allowed. */
  remoteAllowed: string[];
  compose: ComposeForm | null;
  /** Bytes of files a message may carry: from the server's limit once /auth/me answered. */
  attachmentLimit: number;
  notices: Notice[];
  pane: Pane;
}

export interface Environment {
  /** localStorage: language, the signed-in address, recent correspondents, a draft kept over a 401. */
  storage: KeyValueStorage | null;
  eventSource?: (url: string) => EventSourceLike;
  setTitle?: (title: string) => void;
}

/** The part of EventSource the store uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}

/**
 * The events of /mail/events after which the store reloads counts and the first page, so it needs
 * no payload: the mailbox changed ("message" is an unnamed event), or the server's IDLE feed is
 * (again) running — "ready". Mail that arrived after the first list but before the feed watched the
 * mailbox, or while the stream was reconnecting, produces no event of its own: only this reload
 * shows it.
 */
export const MAIL_EVENTS = ["message", "new_message", "expunged", "flags", "ready"];

function emptyCompose(mode: ComposeMode = "new"): ComposeForm {
  return {
    mode,
    to: "",
    cc: "",
    bcc: "",
    subject: "",
    text: "",
    attachments: [],
    source: null,
    inReplyTo: null,
    references: [],
    draftUid: null,
    replyTo: null,
    sendProgress: null,
    error: null,
    dirty: false,
  };
}

function outgoingFrom(form: ComposeForm, recipients: { to: Address[]; cc: Address[]; bcc: Address[] }): OutgoingMessage {
  const parts = form.attachments.flatMap((a) => (a.part ? [a.part] : []));
  return {
    ...recipients,
    subject: form.subject,
    text: form.text,
    inReplyTo: form.inReplyTo,
    references: form.references,
    attachments: form.attachments.flatMap((a) => (a.uploadId ? [a.uploadId] : [])),
    includeParts: form.source && parts.length ? { ...form.source, parts } : null,
    draftUid: form.draftUid,
    replyTo: form.replyTo,
  };
}

/** Chips for the file parts of a message (a forwarded original, a reopened or just saved draft). */
function partChips(message: Message, nextKey: () => number): ComposeAttachment[] {
  return fileAttachments(message).map((a: AttachmentInfo) => ({ key: nextKey(), name: a.filename || a.part, size: a.size, part: a.part, progress: null }));
}

/** What the attachments add to the message (failed ones are not sent). */
export function attachedBytes(attachments: ComposeAttachment[]): number {
  return attachments.reduce((sum, a) => sum + (a.error ? 0 : a.size), 0);
}

/** Attachments that are on the server: the ones a send or draft can name. */
function isReady(a: ComposeAttachment): boolean {
  return !!(a.uploadId || a.part);
}

export function totalUnseen(folders: Folder[], role: "inbox" = "inbox"): number {
  return folderByRole(folders, role)?.unseen ?? folders.find((f) => f.name.toUpperCase() === "INBOX")?.unseen ?? 0;
}

export class MailStore {
  readonly store: Store<MailState>;
  private events: EventSourceLike | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeId = 0;
  private listRequest = 0;
  private messageRequest = 0;
  private attachmentKey = 0;
  /** Aborts of the uploads in flight, by chip key. */
  private readonly uploads = new Map<number, AbortController>();
  private readonly nextKey = () => ++this.attachmentKey;

  constructor(
    readonly api: MailApi,
    private readonly env: Environment,
  ) {
    const saved = this.readJson<{ email: string }>(env.storage, SESSION_KEY);
    this.store = createStore<MailState>({
      language: initialLanguage(env.storage?.getItem(LANGUAGE_KEY) ?? null),
      session: saved,
      sessionChecked: false,
      attachmentLimit: ATTACHMENT_LIMIT_BYTES,
      loginNotice: null,
      folders: [],
      folder: "INBOX",
      page: 1,
      query: "",
      total: 0,
      messages: [],
      listLoading: false,
      listError: null,
      selection: [],
      anchor: null,
      cursor: 0,
      openUid: null,
      message: null,
      messageLoading: false,
      messageError: null,
      remoteAllowed: [],
      compose: null,
      notices: [],
      pane: "list",
    });
    api.onUnauthorized = () => this.sessionLost();
  }

  get state(): MailState {
    return this.store.getState();
  }

  private set(patch: Partial<MailState> | ((s: MailState) => Partial<MailState>)): void {
    this.store.setState(patch);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.state.language, key, params);
  }

  private readJson<T>(storage: KeyValueStorage | null, key: string): T | null {
    try {
      const text = storage?.getItem(key);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    }
  }

  private recent(): RecentAddresses {
    return new RecentAddresses(this.env.storage, `zm.recent.${this.state.session?.email ?? ""}`);
  }

  suggestAddresses(prefix: string): Address[] {
    return this.recent().suggest(prefix);
  }

  setLanguage(language: Language): void {
    this.env.storage?.setItem(LANGUAGE_KEY, language);
    this.set({ language });
    this.updateTitle();
  }

  notify(text: string, tone: Notice["tone"] = "info"): void {
    const id = ++this.noticeId;
    this.set((s) => ({ notices: [...s.notices.slice(-2), { id, text, tone }] }));
    setTimeout(() => this.dismissNotice(id), tone === "error" ? 8000 : 4000);
  }

  dismissNotice(id: number): void {
    this.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  describeError(error: unknown): string {
    if (error instanceof ApiError) {
      switch (error.kind) {
        case "server_unavailable":
          return error.detail ?? this.t("serverDown");
        case "network":
          return this.t("networkDown");
        case "too_large":
          return this.t("tooLarge");
        case "rate_limited":
          return error.retryAfter !== null ? this.t("rateLimited", { seconds: error.retryAfter }) : this.t("rateLimitedNoTime");
        default:
          return error.detail ?? error.message;
      }
    }
    return error instanceof Error ? error.message : String(error);
  }

  // ---- session ----

  /**
   * On start: is there a valid cookie session (this tab's or another's)? The HttpOnly cookie cannot
   * be read, so ask the server; a 401 shows the login page.
   */
  async checkSession(): Promise<void> {
    try {
      await this.loadFolders();
      this.set((s) => ({ session: s.session ?? { email: "" }, sessionChecked: true }));
      await this.afterLogin();
    } catch {
      this.set({ sessionChecked: true });
    }
  }

  /** Throws ApiError; the login page shows it. */
  async login(email: string, password: string): Promise<void> {
    const result = await this.api.login(email.trim(), password);
    const session = { email: result.user?.email ?? email.trim() };
    this.env.storage?.setItem(SESSION_KEY, JSON.stringify(session));
    this.set({ session, loginNotice: null, folder: "INBOX", page: 1, query: "" });
    await this.loadFolders().catch((e: unknown) => this.notify(this.describeError(e), "error"));
    await this.afterLogin();
  }

  private async afterLogin(): Promise<void> {
    // The server's own limit (an administrator may change ZM_MAX_MESSAGE_BYTES); the default stays
    // when it cannot be asked.
    this.api.me().then(
      (me) => {
        if (typeof me.max_message_bytes === "number" && me.max_message_bytes > 0) {
          this.set({ attachmentLimit: attachmentBudget(me.max_message_bytes) });
        }
        // A session found by cookie alone may not know its address yet: the kept draft needs it.
        if (me.email && this.state.session && !this.state.session.email) this.set({ session: { email: me.email } });
        this.restorePendingDraft(me.email);
      },
      () => {},
    );
    this.connectEvents();
    await this.loadList();
  }

  /** Gives back what this account was writing when its last session ended; other users' forms stay hidden. */
  private restorePendingDraft(account: string): void {
    const storage = this.env.storage;
    const { form, rest } = takePendingDraft<ComposeForm>(storage?.getItem(PENDING_DRAFT_KEY) ?? null, account);
    if (!form || this.state.session?.email.toLowerCase() !== account.toLowerCase()) return;
    storage?.setItem(PENDING_DRAFT_KEY, rest);
    const attachments = (form.attachments ?? []).filter(isReady).map((a) => ({ ...a, key: this.nextKey() }));
    this.set({ compose: { ...emptyCompose(), ...form, attachments, sendProgress: null, dirty: true } });
    this.notify(this.t("draftRestored"));
    // Keep it on the server too, now that we can.
    void this.saveDraft(true);
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // the session is dropped locally either way
    }
    this.clearSession(null);
  }

  /**
   * A 401 from any call: the session ended. Whatever is being written is kept first (in
   * localStorage: the server will not take it without a session), under its owner's address, and
   * restored after that account's next login, where it is also saved to Drafts (lib/pendingDrafts).
   */
  sessionLost(): void {
    if (!this.state.session) return;
    const compose = this.state.compose;
    if (compose && (compose.dirty || compose.text || compose.subject)) {
      // Uploaded files and the original's parts stay on the server: their ids go along. An upload
      // still in flight cannot finish without a session.
      const kept: ComposeForm = { ...compose, attachments: compose.attachments.filter(isReady), sendProgress: null };
      const storage = this.env.storage;
      storage?.setItem(PENDING_DRAFT_KEY, keepPendingDraft(storage.getItem(PENDING_DRAFT_KEY), this.state.session.email, kept));
    }
    this.abortUploads();
    this.clearSession(this.t("sessionEnded"));
  }

  private clearSession(notice: string | null): void {
    this.events?.close();
    this.events = null;
    this.env.storage?.setItem(SESSION_KEY, "");
    this.set({
      session: null,
      loginNotice: notice,
      folders: [],
      messages: [],
      total: 0,
      selection: [],
      openUid: null,
      message: null,
      compose: null,
      remoteAllowed: [],
    });
    this.updateTitle();
  }

  // ---- folders and list ----

  async loadFolders(): Promise<void> {
    const folders = await this.api.folders();
    this.set({ folders });
    this.updateTitle();
  }

  updateTitle(): void {
    const unseen = totalUnseen(this.state.folders);
    const base = this.t("appName");
    this.env.setTitle?.(this.state.session && unseen > 0 ? `(${unseen}) ${this.t("inbox")} - ${base}` : base);
  }

  async openFolder(folder: string): Promise<void> {
    this.set({ folder, page: 1, query: "", selection: [], anchor: null, cursor: 0, openUid: null, message: null, pane: "list" });
    await this.loadList();
  }

  async search(query: string): Promise<void> {
    this.set({ query, page: 1, selection: [], anchor: null, cursor: 0 });
    await this.loadList();
  }

  async goToPage(page: number): Promise<void> {
    const last = Math.max(1, Math.ceil(this.state.total / PAGE_SIZE));
    const target = Math.min(Math.max(1, page), last);
    this.set({ page: target, selection: [], anchor: null, cursor: 0 });
    await this.loadList();
  }

  async loadList(): Promise<void> {
    const request = ++this.listRequest;
    const { folder, page, query } = this.state;
    this.set({ listLoading: true, listError: null });
    try {
      const result = await this.api.messages({ folder, page, size: PAGE_SIZE, q: query || undefined });
      if (request !== this.listRequest) return; // a newer request superseded this one
      this.set((s) => ({
        messages: result.messages,
        total: result.total,
        listLoading: false,
        cursor: Math.min(s.cursor, Math.max(0, result.messages.length - 1)),
      }));
    } catch (error) {
      if (request !== this.listRequest) return;
      this.set({ listLoading: false, listError: this.describeError(error) });
    }
  }

  click(uid: number, modifier: ClickModifier): void {
    const order = this.state.messages.map((m) => m.uid);
    const next = applyClick(order, { uids: this.state.selection, anchor: this.state.anchor }, uid, modifier);
    this.set({ selection: next.uids, anchor: next.anchor, cursor: Math.max(0, order.indexOf(uid)) });
    if (modifier === "none") void this.openMessage(uid);
  }

  moveCursor(delta: number): void {
    const count = this.state.messages.length;
    if (count === 0) return;
    const cursor = Math.min(Math.max(0, this.state.cursor + delta), count - 1);
    const uid = this.state.messages[cursor]?.uid;
    this.set({ cursor, selection: uid !== undefined ? [uid] : [], anchor: uid ?? null });
  }

  /** Enter on the list: opens the message; a draft opens straight in compose. */
  openAtCursor(): void {
    const uid = this.state.messages[this.state.cursor]?.uid;
    if (uid !== undefined) void (this.inDrafts() ? this.editDraft(uid) : this.openMessage(uid));
  }

  inDrafts(state: MailState = this.state): boolean {
    return folderByRole(state.folders, "drafts")?.name === state.folder;
  }

  /** Opens a message of the Drafts folder in compose ("이어서 쓰기"). */
  async editDraft(uid: number): Promise<void> {
    if (!this.inDrafts()) return;
    if (this.state.message?.uid !== uid) await this.openMessage(uid);
    if (this.state.message?.uid === uid) this.openCompose("draft");
  }

  // ---- one message ----

  async openMessage(uid: number): Promise<void> {
    const request = ++this.messageRequest;
    const folder = this.state.folder;
    const index = this.state.messages.findIndex((m) => m.uid === uid);
    this.set({ openUid: uid, messageLoading: true, messageError: null, pane: "view", cursor: index >= 0 ? index : this.state.cursor });
    try {
      const message = await this.api.message(folder, uid);
      if (request !== this.messageRequest) return;
      this.set({ message, messageLoading: false });
      if (message.from) this.recent().remember([message.from]);
      // Reading is a GET that changes nothing; marking read is this explicit request (then the counts).
      if (!message.flags.seen) void this.setFlags({ seen: true }, [uid]);
    } catch (error) {
      if (request !== this.messageRequest) return;
      this.set({ messageLoading: false, messageError: this.describeError(error) });
    }
  }

  closeMessage(): void {
    this.set({ openUid: null, message: null, pane: "list" });
  }

  setPane(pane: Pane): void {
    this.set({ pane });
  }

  allowRemote(): void {
    const { folder, openUid } = this.state;
    if (openUid === null) return;
    this.set((s) => ({ remoteAllowed: [...s.remoteAllowed, `${folder}\n${openUid}`] }));
  }

  isRemoteAllowed(state: MailState): boolean {
    return state.openUid !== null && state.remoteAllowed.includes(`${state.folder}\n${state.openUid}`);
  }

  /** The UIDs an action applies to: the selection, or the open message. */
  targets(): number[] {
    const { selection, openUid } = this.state;
    if (selection.length > 0) return selection;
    if (openUid !== null) return [openUid];
    const cursorUid = this.state.messages[this.state.cursor]?.uid;
    return cursorUid !== undefined ? [cursorUid] : [];
  }

  private patchSummaries(uids: number[], flags: Partial<MessageSummary["flags"]>): void {
    const set = new Set(uids);
    this.set((s) => ({
      messages: s.messages.map((m) => (set.has(m.uid) ? { ...m, flags: { ...m.flags, ...flags } } : m)),
      message: s.message && set.has(s.message.uid) ? { ...s.message, flags: { ...s.message.flags, ...flags } } : s.message,
    }));
  }

  async setFlags(flags: { seen?: boolean; flagged?: boolean }, uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0) return;
    const folder = this.state.folder;
    this.patchSummaries(uids, flags);
    try {
      await this.api.setFlags(folder, uids, flags);
      if (flags.seen !== undefined) await this.loadFolders();
    } catch (error) {
      this.notify(this.describeError(error), "error");
      await this.loadList();
    }
  }

  async toggleStar(uids: number[] = this.targets()): Promise<void> {
    const first = this.state.messages.find((m) => m.uid === uids[0]) ?? this.state.message;
    await this.setFlags({ flagged: !(first?.flags.flagged ?? false) }, uids);
  }

  async markUnread(uids: number[] = this.targets()): Promise<void> {
    await this.setFlags({ seen: false }, uids);
    if (this.state.openUid !== null && uids.includes(this.state.openUid)) this.closeMessage();
  }

  private removeFromList(uids: number[]): void {
    const set = new Set(uids);
    this.set((s) => ({
      messages: s.messages.filter((m) => !set.has(m.uid)),
      total: Math.max(0, s.total - uids.length),
      selection: [],
      anchor: null,
      ...(s.openUid !== null && set.has(s.openUid) ? { openUid: null, message: null, pane: "list" as Pane } : {}),
    }));
  }

  async deleteMessages(uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0) return;
    const folder = this.state.folder;
    this.removeFromList(uids);
    try {
      await this.api.delete(folder, uids);
      this.notify(this.t("deleted"));
    } catch (error) {
      this.notify(this.describeError(error), "error");
    }
    await Promise.all([this.loadList(), this.loadFolders().catch(() => undefined)]);
  }

  async moveMessages(to: string, uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0 || to === this.state.folder) return;
    const folder = this.state.folder;
    this.removeFromList(uids);
    try {
      await this.api.move(folder, uids, to);
      this.notify(this.t("moved"));
    } catch (error) {
      this.notify(this.describeError(error), "error");
    }
    await Promise.all([this.loadList(), this.loadFolders().catch(() => undefined)]);
  }

  // ---- compose ----

  openCompose(mode: ComposeMode = "new"): void {
    if (this.state.compose) return; // one compose at a time; focus stays on it
    const message = this.state.message;
    if (mode === "new" || !message) {
      this.set({ compose: emptyCompose() });
      return;
    }
    const me = this.state.session?.email ?? "";
    const form = emptyCompose(mode);
    if (mode === "draft" || mode === "forward") {
      form.source = { folder: this.state.folder, uid: message.uid };
      form.attachments = partChips(message, this.nextKey);
    }
    if (mode === "draft") {
      form.to = formatAddressList(message.to);
      form.cc = formatAddressList(message.cc);
      form.bcc = formatAddressList(message.bcc ?? []);
      form.subject = message.subject;
      form.text = bodyText(message);
      form.inReplyTo = message.in_reply_to;
      form.references = message.references;
      form.draftUid = message.uid;
    } else if (mode === "forward") {
      form.text = quotedBody(message, mode, this.state.language);
      form.subject = forwardSubject(message.subject);
    } else {
      form.text = quotedBody(message, mode, this.state.language);
      const { to, cc } = replyRecipients(message, me, mode === "replyAll");
      form.to = to.length ? formatAddressList(to) + ", " : "";
      form.cc = formatAddressList(cc);
      form.subject = replySubject(message.subject);
      form.inReplyTo = message.message_id;
      form.references = references(message);
      form.replyTo = { uid: message.uid, folder: this.state.folder };
    }
    this.set({ compose: form });
  }

  updateCompose(patch: Partial<ComposeForm>): void {
    this.set((s) => (s.compose ? { compose: { ...s.compose, ...patch, dirty: true, error: null } } : {}));
  }

  /** Closes (discards) the form; its uploads are no longer needed on the server. */
  closeCompose(): void {
    const uploaded = this.state.compose?.attachments.flatMap((a) => (a.uploadId ? [a.uploadId] : [])) ?? [];
    this.abortUploads();
    for (const id of uploaded) void this.api.deleteUpload(id).catch(() => undefined);
    this.set({ compose: null });
  }

  private patchAttachment(key: number, patch: Partial<ComposeAttachment>): void {
    this.set((s) =>
      s.compose ? { compose: { ...s.compose, attachments: s.compose.attachments.map((a) => (a.key === key ? { ...a, ...patch } : a)) } } : {},
    );
  }

  /** Each file uploads at once (POST /mail/uploads) with its progress on its chip. */
  addFiles(files: File[]): void {
    for (const file of files) {
      const form = this.state.compose;
      if (!form) return;
      const key = this.nextKey();
      const used = attachedBytes(form.attachments);
      const chip: ComposeAttachment = { key, name: file.name, size: file.size, progress: 0 };
      if (used + file.size > this.state.attachmentLimit) {
        this.updateCompose({ attachments: [...form.attachments, { ...chip, progress: null, error: this.t("overLimit") }] });
        continue;
      }
      this.updateCompose({ attachments: [...form.attachments, chip] });
      const abort = new AbortController();
      this.uploads.set(key, abort);
      this.api
        .uploadFile(file, file.name, (progress) => this.patchAttachment(key, { progress }), abort.signal)
        .then(
          (uploaded) => {
            if (this.state.compose?.attachments.some((a) => a.key === key)) this.patchAttachment(key, { uploadId: uploaded.id, size: uploaded.size, progress: null });
            else void this.api.deleteUpload(uploaded.id).catch(() => undefined); // removed meanwhile
          },
          (error: unknown) => {
            if (!(error instanceof ApiError && error.kind === "aborted")) this.patchAttachment(key, { progress: null, error: this.describeError(error) });
          },
        )
        .finally(() => this.uploads.delete(key));
    }
  }

  removeAttachment(key: number): void {
    const chip = this.state.compose?.attachments.find((a) => a.key === key);
    if (!chip) return;
    this.uploads.get(key)?.abort();
    if (chip.uploadId) void this.api.deleteUpload(chip.uploadId).catch(() => undefined);
    this.set((s) => (s.compose ? { compose: { ...s.compose, attachments: s.compose.attachments.filter((a) => a.key !== key), dirty: true } } : {}));
  }

  private abortUploads(): void {
    for (const abort of this.uploads.values()) abort.abort();
    this.uploads.clear();
  }

  /** Validation of the address fields; returns the outgoing message or an error text. */
  buildOutgoing(form: ComposeForm): OutgoingMessage | string {
    const to = parseAddressList(form.to);
    const cc = parseAddressList(form.cc);
    const bcc = parseAddressList(form.bcc);
    const invalid = [...to.invalid, ...cc.invalid, ...bcc.invalid];
    if (invalid.length > 0) return this.t("invalidAddresses", { list: invalid.join(", ") });
    if (to.addresses.length + cc.addresses.length + bcc.addresses.length === 0) return this.t("needRecipient");
    if (!form.attachments.every(isReady)) return this.t("attachmentsNotReady");
    if (attachedBytes(form.attachments) > this.state.attachmentLimit) return this.t("overLimit");
    return outgoingFrom(form, { to: to.addresses, cc: cc.addresses, bcc: bcc.addresses });
  }

  async send(): Promise<SendOutcome | null> {
    const form = this.state.compose;
    if (!form || form.sendProgress !== null) return null;
    const outgoing = this.buildOutgoing(form);
    if (typeof outgoing === "string") {
      this.set({ compose: { ...form, error: outgoing } });
      return null;
    }
    this.set({ compose: { ...form, sendProgress: 0, error: null } });
    try {
      const outcome = await this.api.send(outgoing);
      this.recent().remember([...outgoing.to, ...outgoing.cc, ...outgoing.bcc]);
      this.set({ compose: null });
      if (outcome.kind === "sent") this.notify(this.t("sentOk"));
      else this.notify(this.t("keptInDrafts", { reason: outcome.reason }), "error");
      void this.loadFolders().catch(() => undefined);
      // The list changed when it shows Sent, or Drafts (the draft this replaced is gone).
      if (folderByRole(this.state.folders, "sent")?.name === this.state.folder || this.inDrafts()) void this.loadList();
      return outcome;
    } catch (error) {
      if (error instanceof ApiError && error.kind === "unauthorized") return null; // sessionLost kept the draft
      const reason = this.describeError(error);
      this.set((s) => (s.compose ? { compose: { ...s.compose, sendProgress: null, error: this.t("sendFailed", { reason }) } } : {}));
      return null;
    }
  }

  /**
   * Saves to Drafts; `quiet` for automatic saves. Addresses that do not parse are left out, and so
   * are attachments still uploading (the next save takes them).
   */
  async saveDraft(quiet = false): Promise<void> {
    const form = this.state.compose;
    if (!form) return;
    const saved = form.attachments.filter(isReady);
    const outgoing = outgoingFrom(
      { ...form, attachments: saved },
      { to: parseAddressList(form.to).addresses, cc: parseAddressList(form.cc).addresses, bcc: parseAddressList(form.bcc).addresses },
    );
    try {
      const { uid } = await this.api.saveDraft(outgoing);
      const rebased = uid !== null && saved.length ? await this.draftParts(uid) : null;
      this.set((s) => {
        if (!s.compose) return {};
        const compose = { ...s.compose, draftUid: uid ?? s.compose.draftUid, dirty: false };
        if (rebased) {
          // The old draft is gone: from now on the chips name the new draft's parts.
          const keys = new Set(saved.map((a) => a.key));
          compose.attachments = [...rebased.chips, ...s.compose.attachments.filter((a) => !keys.has(a.key))];
          compose.source = rebased.source;
        }
        return { compose };
      });
      if (rebased) for (const a of saved) if (a.uploadId) void this.api.deleteUpload(a.uploadId).catch(() => undefined);
      if (!quiet) this.notify(this.t("draftSaved"));
      if (this.inDrafts()) void this.loadList();
    } catch (error) {
      if (!quiet) this.notify(this.describeError(error), "error");
    }
  }

  /** The attachments of the draft just stored, as chips; null when it cannot be read. */
  private async draftParts(uid: number): Promise<{ chips: ComposeAttachment[]; source: { folder: string; uid: number } } | null> {
    const folder = folderByRole(this.state.folders, "drafts")?.name ?? "Drafts";
    try {
      return { chips: partChips(await this.api.message(folder, uid), this.nextKey), source: { folder, uid } };
    } catch {
      return null;
    }
  }

  // ---- push ----

  connectEvents(): void {
    if (this.events || !this.env.eventSource) return;
    const source = this.env.eventSource(this.api.eventsUrl());
    const onEvent = () => this.scheduleRefresh();
    for (const name of MAIL_EVENTS) source.addEventListener(name, onEvent);
    this.events = source;
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.loadFolders().catch(() => undefined);
      if (this.state.page === 1 && !this.state.query) void this.loadList();
    }, 250);
  }
}

export function useMail<S>(mail: MailStore, selector: (state: MailState) => S): S {
  return useStore(mail.store, selector);
}
