// 대화형 보기 (issue 30): the folder's list as conversations, and the open conversation's messages.
// It follows the mailbox store: the folder, the search and the page size are the mailbox's, and
// every time the mailbox loads its list (a folder opened, a search, a push event, after an action
// or its undo) the conversations load again. Actions on conversations are the mailbox's actions
// on all their UIDs, so toasts, undo and counts are the plain list's.
import type { MailApi } from "../api/mailApi";
import type { ThreadMessage, ThreadSummary } from "../api/types";
import { DomainStore } from "./domainStore";
import type { MailboxStore } from "./mailboxStore";
import type { ReaderStore } from "./readerStore";

export interface ThreadState {
  /** 환경설정 conversation_view. */
  on: boolean;
  page: number;
  total: number;
  threads: ThreadSummary[];
  loading: boolean;
  error: string | null;
  /** Chosen conversations' ids. */
  selection: string[];
  /** The open conversation, its messages oldest first. */
  openId: string | null;
  messages: ThreadMessage[];
  threadLoading: boolean;
  threadError: string | null;
}

const initial: ThreadState = { on: false, page: 1, total: 0, threads: [], loading: false, error: null, selection: [], openId: null, messages: [], threadLoading: false, threadError: null };

export class ThreadStore extends DomainStore<ThreadState> {
  private request = 0;
  private openRequest = 0;
  /** The mailbox's list as last followed: folder and search; a change is a new list from page 1. */
  private place = "";

  constructor(
    private readonly api: MailApi,
    private readonly mailbox: MailboxStore,
    private readonly reader: ReaderStore,
    private readonly describe: (error: unknown) => string,
  ) {
    super(initial);
    let wasLoading = false;
    mailbox.store.subscribe(() => {
      const { listLoading, folder, query } = mailbox.state;
      const place = `${folder}\n${query}`;
      if (place !== this.place) {
        this.place = place;
        this.set({ page: 1, selection: [], threads: [], total: 0 });
        this.close();
      }
      if (listLoading && !wasLoading && this.state.on) void this.load();
      wasLoading = listLoading;
    });
  }

  setMode(on: boolean): void {
    if (on === this.state.on) return;
    this.set({ on, selection: [] });
    this.close();
    if (on && mailboxReady(this.mailbox)) void this.load();
  }

  async load(): Promise<void> {
    const request = ++this.request;
    const { folder, query, pageSize } = this.mailbox.state;
    this.set({ loading: true, error: null });
    try {
      const page = await this.api.threads({ folder, page: this.state.page, size: pageSize, q: query || undefined });
      if (request !== this.request) return;
      const ids = new Set(page.threads.map((t) => t.id));
      this.set((s) => ({ threads: page.threads, total: page.total, loading: false, selection: s.selection.filter((id) => ids.has(id)) }));
    } catch (error) {
      if (request !== this.request) return;
      this.set({ loading: false, error: this.describe(error) });
    }
  }

  async goToPage(page: number): Promise<void> {
    const last = Math.max(1, Math.ceil(this.state.total / this.mailbox.state.pageSize));
    this.set({ page: Math.min(Math.max(1, page), last), selection: [] });
    await this.load();
  }

  toggle(id: string): void {
    this.set((s) => ({ selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] }));
  }

  toggleAllOnPage(): void {
    this.set((s) => ({ selection: s.threads.length > 0 && s.selection.length === s.threads.length ? [] : s.threads.map((t) => t.id) }));
  }

  /** The UIDs of the chosen conversations (or of the open one when none is chosen). */
  targets(ids: string[] = this.state.selection.length ? this.state.selection : this.state.openId ? [this.state.openId] : []): number[] {
    const chosen = new Set(ids);
    const uids = this.state.threads.filter((t) => chosen.has(t.id)).flatMap((t) => t.uids);
    if (uids.length === 0 && this.state.openId && chosen.has(this.state.openId)) return this.openUids();
    return uids;
  }

  /** The open conversation's messages in the listed folder. */
  private openUids(): number[] {
    const folder = this.mailbox.state.folder;
    return this.state.messages.filter((m) => m.folder === folder).map((m) => m.uid);
  }

  async setSeen(seen: boolean, ids?: string[]): Promise<void> {
    const uids = this.targets(ids);
    if (uids.length === 0) return;
    this.patch(uids, { seen });
    await this.mailbox.setFlags({ seen }, uids);
    await this.load();
  }

  async toggleStar(ids?: string[]): Promise<void> {
    const chosen = new Set(ids ?? this.state.selection);
    const flagged = !this.state.threads.some((t) => chosen.has(t.id) && t.flagged);
    const uids = this.targets(ids);
    if (uids.length === 0) return;
    await this.mailbox.setFlags({ flagged }, uids);
    await this.load();
  }

  /** 삭제, 이동, 스팸: the mailbox's move with its toast and undo; the list reloads with the mailbox's. */
  async remove(kind: { delete: true } | { move: string } | { spam: boolean }, ids?: string[]): Promise<void> {
    const uids = this.targets(ids);
    if (uids.length === 0) return;
    const openGone = this.state.openId !== null && (ids ?? this.state.selection).concat(this.state.selection.length ? [] : [this.state.openId]).includes(this.state.openId);
    this.set({ selection: [] });
    if (openGone) this.close();
    if ("delete" in kind) await this.mailbox.deleteMessages(uids);
    else if ("move" in kind) await this.mailbox.moveMessages(kind.move, uids);
    else await this.mailbox.reportSpam(kind.spam, uids);
  }

  /** Opens a conversation; its unread messages of this folder are marked read, as the reader does for one. */
  async open(id: string): Promise<void> {
    const request = ++this.openRequest;
    const folder = this.mailbox.state.folder;
    this.reader.close();
    this.set({ openId: id, messages: [], threadLoading: true, threadError: null });
    this.reader.setPane("view");
    try {
      const messages = await this.api.thread(folder, id);
      if (request !== this.openRequest) return;
      this.set({ messages, threadLoading: false });
      const unread = messages.filter((m) => !m.flags.seen && m.folder === folder).map((m) => m.uid);
      if (unread.length) {
        await this.mailbox.setFlags({ seen: true }, unread);
        this.patch(unread, { seen: true });
      }
    } catch (error) {
      if (request !== this.openRequest) return;
      this.set({ threadLoading: false, threadError: this.describe(error) });
    }
  }

  close(): void {
    this.openRequest++;
    if (this.state.openId !== null) this.set({ openId: null, messages: [], threadLoading: false, threadError: null });
  }

  /** Flags changed here: the rows' unread counts and the open messages follow at once. */
  private patch(uids: number[], flags: { seen: boolean }): void {
    const set = new Set(uids);
    const folder = this.mailbox.state.folder;
    this.set((s) => ({
      messages: s.messages.map((m) => (m.folder === folder && set.has(m.uid) ? { ...m, flags: { ...m.flags, ...flags } } : m)),
      threads: s.threads.map((t) => (t.uids.some((u) => set.has(u)) ? { ...t, unseen: flags.seen ? Math.max(0, t.unseen - t.uids.filter((u) => set.has(u)).length) : t.uids.length } : t)),
    }));
  }

  clear(): void {
    this.request++;
    this.openRequest++;
    this.place = "";
    this.set({ ...initial, on: this.state.on });
  }
}

/** Signed in with the folders known: a list can load. */
function mailboxReady(mailbox: MailboxStore): boolean {
  return mailbox.state.folders.length > 0;
}
