// The folders and the message list of one folder: paging, search, order and filter, selection
// (up to "all N in this folder/search", which the server resolves) and the keyboard cursor, and
// the actions on the selected messages (flags, move, delete). Opening a message from the list
// hands it to the reader store.
import type { MailApi, Targets } from "../api/mailApi";
import type { Folder, ListFilter, ListSearch, MessageSummary, MoveAnswer, MovedMessages, SearchFields, SortField, SortOrder } from "../api/types";
import { findFolder, folderByRole, roleLabelKey } from "../lib/folders";
import { cleanFields, hasFields } from "../lib/searchQuery";
import { DomainStore } from "./domainStore";
import type { Translate } from "./languageStore";
import type { NoticeStore } from "./noticeStore";
import type { ReaderStore } from "./readerStore";
import { applyClick, type ClickModifier } from "./selection";

export const PAGE_SIZE = 50;
/** The server's bound on `uids` in one bulk call. */
const MAX_UIDS_PER_CALL = 1000;

export interface MailboxState {
  folders: Folder[];
  folder: string;
  page: number;
  query: string;
  /** The detailed search (상세 검색) beside `query`: {} when none. */
  fields: SearchFields;
  /** The list's order (newest received first unless the user picks another). */
  sort: SortField;
  order: SortOrder;
  filter: ListFilter | null;
  /** Messages per page (환경설정 page_size). */
  pageSize: number;
  total: number;
  messages: MessageSummary[];
  listLoading: boolean;
  listError: string | null;
  selection: number[];
  /** "All N in this folder/search" chosen: actions name the list, not the UIDs on screen. */
  allSelected: boolean;
  anchor: number | null;
  cursor: number;
}

const initial: MailboxState = {
  folders: [],
  folder: "INBOX",
  page: 1,
  query: "",
  fields: {},
  sort: "received",
  order: "desc",
  filter: null,
  pageSize: PAGE_SIZE,
  total: 0,
  messages: [],
  listLoading: false,
  listError: null,
  selection: [],
  allSelected: false,
  anchor: null,
  cursor: 0,
};

/** The direction a field sorts in when picked: dates and sizes biggest first, names and subjects A to Z (as the server does). */
export function defaultOrder(sort: SortField): SortOrder {
  return sort === "from" || sort === "subject" ? "asc" : "desc";
}

export function totalUnseen(folders: Folder[], role: "inbox" = "inbox"): number {
  return folderByRole(folders, role)?.unseen ?? folders.find((f) => f.name.toUpperCase() === "INBOX")?.unseen ?? 0;
}

export function isDraftsFolder(state: MailboxState): boolean {
  return folderByRole(state.folders, "drafts")?.name === state.folder;
}

export function isJunkFolder(state: MailboxState): boolean {
  return folderByRole(state.folders, "junk")?.name === state.folder;
}

/** A view's rows before its list arrives: none, so none can be acted on. */
const emptyList: Pick<MailboxState, "messages" | "total" | "selection" | "allSelected" | "anchor" | "cursor"> = { messages: [], total: 0, selection: [], allSelected: false, anchor: null, cursor: 0 };

export class MailboxStore extends DomainStore<MailboxState> {
  private listRequest = 0;
  /** Set by the composition: a click on a row of Drafts opens the draft in compose, not the reader. */
  openDraft: ((uid: number) => void) | undefined;

  constructor(
    private readonly api: MailApi,
    private readonly reader: ReaderStore,
    private readonly notices: NoticeStore,
    private readonly t: Translate,
    /** Asks before what cannot be undone (permanent deletion); the browser's dialog by default. */
    private readonly confirm: (question: string) => boolean | Promise<boolean> = (question) => window.confirm(question),
  ) {
    super(initial);
  }

  async loadFolders(): Promise<void> {
    const folders = await this.api.folders();
    this.set({ folders });
  }

  /**
   * The rows on screen always belong to the folder highlighted: another folder's rows go at once,
   * before its list arrives, so nothing can act on their UIDs under the new folder's name (a failed
   * or slow load once left the old rows, and deleting them sent the old UIDs with the new folder).
   * `query`: a search in it at once (a URL names both), one list request; `view`: its page, order
   * and filter (a URL names them too; by default the first page, unfiltered, in the order shown).
   */
  async openFolder(folder: string, query = "", view: Partial<Pick<MailboxState, "page" | "sort" | "order" | "filter">> = {}, fields: SearchFields = {}): Promise<void> {
    this.set({ folder, page: 1, query, fields: cleanFields(fields), filter: null, ...view, ...emptyList });
    this.reader.close();
    await this.loadList();
  }

  /** A search in this folder: the search box's words alone, or with the detailed search's fields. */
  async search(query: string, fields: SearchFields = {}): Promise<void> {
    this.set({ query, fields: cleanFields(fields), page: 1, ...emptyList });
    await this.loadList();
  }

  /** Another order; the same field again keeps its direction unless `order` says. */
  async setSort(sort: SortField, order: SortOrder = defaultOrder(sort)): Promise<void> {
    this.set({ sort, order, page: 1, ...emptyList });
    await this.loadList();
  }

  /**
   * The user's list settings (page size, default order), applied at once: the list reloads from
   * its first page when either changes (signed out, with no folder loaded yet, it only remembers).
   */
  async applyListSettings(pageSize: number, sort: SortField): Promise<void> {
    const { pageSize: oldSize, sort: oldSort, order: oldOrder, folders } = this.state;
    if (pageSize === oldSize && sort === oldSort && oldOrder === defaultOrder(sort)) return;
    this.set({ pageSize, sort, order: defaultOrder(sort) });
    if (folders.length === 0) return;
    this.set({ page: 1, ...emptyList });
    await this.loadList();
  }

  /** Only unread or only starred messages (null: all). */
  async setFilter(filter: ListFilter | null): Promise<void> {
    this.set({ filter, page: 1, ...emptyList });
    await this.loadList();
  }

  async goToPage(page: number): Promise<void> {
    const last = Math.max(1, Math.ceil(this.state.total / this.state.pageSize));
    const target = Math.min(Math.max(1, page), last);
    this.set({ page: target, ...emptyList });
    await this.loadList();
  }

  async loadList(): Promise<void> {
    const request = ++this.listRequest;
    const { folder, page, query, fields, sort, order, filter, pageSize } = this.state;
    this.set({ listLoading: true, listError: null });
    try {
      // The default order is the server's default: its URL stays as it always was.
      const ordered = sort === "received" && order === "desc" ? {} : { sort, order };
      const result = await this.api.messages({ folder, page, size: pageSize, q: query || undefined, filter: filter ?? undefined, fields, ...ordered });
      if (request !== this.listRequest) return; // a newer request superseded this one
      this.set((s) => ({
        messages: result.messages,
        total: result.total,
        listLoading: false,
        cursor: Math.min(s.cursor, Math.max(0, result.messages.length - 1)),
      }));
    } catch (error) {
      if (request !== this.listRequest) return;
      this.set({ listLoading: false, listError: this.notices.describe(error) });
    }
  }

  /** The mailbox changed on the server: counts, and the first page unless the user is elsewhere. */
  async refresh(): Promise<void> {
    const counts = this.loadFolders().catch(() => undefined);
    if (this.state.page === 1 && !this.isSearching() && !this.state.allSelected) await Promise.all([counts, this.loadList()]);
    else await counts;
  }

  click(uid: number, modifier: ClickModifier): void {
    const order = this.state.messages.map((m) => m.uid);
    const next = applyClick(order, { uids: this.state.selection, anchor: this.state.anchor }, uid, modifier);
    this.set({ selection: next.uids, allSelected: false, anchor: next.anchor, cursor: Math.max(0, order.indexOf(uid)) });
    if (modifier === "none") void (this.inDrafts() && this.openDraft ? this.openDraft(uid) : this.openMessage(uid));
  }

  /** The header checkbox: every row of the page, or none when they all are chosen already. */
  toggleAllOnPage(): void {
    const uids = this.state.messages.map((m) => m.uid);
    const all = uids.length > 0 && uids.every((uid) => this.state.selection.includes(uid));
    this.set({ selection: all ? [] : uids, allSelected: false, anchor: null });
  }

  /** "All N in this folder/search": the next action goes to the server as the list, not as UIDs. */
  selectAllInList(): void {
    if (this.isAllFolders()) return;
    this.set({ selection: this.state.messages.map((m) => m.uid), allSelected: true, anchor: null });
  }

  clearSelection(): void {
    this.set({ selection: [], allSelected: false, anchor: null });
  }

  /** The list the user sees, as a bulk call names it. */
  private listSearch(): ListSearch {
    const { query, fields, filter } = this.state;
    return { ...(query ? { q: query } : {}), ...fields, ...(filter ? { filter } : {}) };
  }

  /**
   * A search of all folders: its rows belong to several folders, so they are opened (in their
   * own folder, where every action then applies) and not acted on from the list.
   */
  isAllFolders(): boolean {
    return this.state.fields.all === true;
  }

  /** An all-folders row: its folder opens with it, so the reader's actions name that folder; back returns to the search. */
  async openRow(row: MessageSummary): Promise<void> {
    if (row.folder === undefined) return this.openMessage(row.uid);
    // Both in the same tick: the URL gets one entry (the folder with the message), so back
    // returns to the search.
    const list = this.openFolder(row.folder);
    await Promise.all([list, this.reader.open(row.folder, row.uid)]);
  }

  /** Words or fields: the list is a search's results. */
  isSearching(): boolean {
    return this.state.query !== "" || hasFields(this.state.fields);
  }

  moveCursor(delta: number): void {
    const count = this.state.messages.length;
    if (count === 0) return;
    const cursor = Math.min(Math.max(0, this.state.cursor + delta), count - 1);
    const uid = this.state.messages[cursor]?.uid;
    this.set({ cursor, selection: uid !== undefined ? [uid] : [], allSelected: false, anchor: uid ?? null });
  }

  /** The UID under the keyboard cursor. */
  cursorUid(): number | undefined {
    return this.state.messages[this.state.cursor]?.uid;
  }

  /** Opens a message of this folder in the reader; the cursor follows it when it is in the list. */
  async openMessage(uid: number): Promise<void> {
    if (this.isAllFolders()) {
      const { messages, cursor } = this.state;
      const row = messages[cursor]?.uid === uid ? messages[cursor] : messages.find((m) => m.uid === uid);
      return row && row.folder !== undefined ? this.openRow(row) : undefined;
    }
    const index = this.state.messages.findIndex((m) => m.uid === uid);
    if (index >= 0) this.set({ cursor: index });
    await this.reader.open(this.state.folder, uid);
  }

  inDrafts(): boolean {
    return isDraftsFolder(this.state);
  }

  /**
   * The UIDs an action applies to: the selection (j/k select the row they move to), or the open
   * message. Never the row the cursor bar merely rests on (the first one after login): `#` with
   * nothing chosen deleted it.
   */
  targets(): number[] {
    if (this.isAllFolders()) return []; // mixed folders: acted on once opened in their own
    const { selection } = this.state;
    if (selection.length > 0) return selection;
    const { openUid } = this.reader.state;
    return openUid !== null ? [openUid] : [];
  }

  private patchSummaries(uids: number[], flags: Partial<MessageSummary["flags"]>): void {
    const set = new Set(uids);
    this.set((s) => ({ messages: s.messages.map((m) => (set.has(m.uid) ? { ...m, flags: { ...m.flags, ...flags } } : m)) }));
    this.reader.patchFlags(set, flags);
  }

  /** On `uids`, or (none given) on the selection, which may be "all N" of the list. */
  async setFlags(flags: { seen?: boolean; flagged?: boolean }, uids?: number[]): Promise<void> {
    const all = uids === undefined && this.state.allSelected;
    const chosen = uids ?? this.targets();
    if (chosen.length === 0) return;
    const folder = this.state.folder;
    this.patchSummaries(chosen, flags);
    try {
      await this.api.setFlags(folder, all ? { all: this.listSearch() } : chosen, flags);
      if (flags.seen !== undefined) await this.loadFolders();
      if (all) await this.loadList();
    } catch (error) {
      this.notices.error(error);
      await this.loadList();
    }
  }

  /** 모두 읽음: every unread message of the folder, whatever the page shows (the server finds them). */
  async markAllRead(): Promise<void> {
    const folder = this.state.folder;
    try {
      const answer = await this.api.setFlags(folder, { all: { filter: "unread" } }, { seen: true });
      this.notices.notify(this.t("markedAllRead", { count: answer?.count ?? 0, folder: this.folderLabel(folder) }));
    } catch (error) {
      this.notices.error(error);
    }
    await Promise.all([this.loadList(), this.loadFolders().catch(() => undefined)]);
  }

  async toggleStar(uids?: number[]): Promise<void> {
    const first = this.state.messages.find((m) => m.uid === (uids ?? this.targets())[0]) ?? this.reader.state.message;
    await this.setFlags({ flagged: !(first?.flags.flagged ?? false) }, uids);
  }

  async markUnread(uids?: number[]): Promise<void> {
    await this.setFlags({ seen: false }, uids);
    if (this.reader.isOpen(uids ?? this.targets())) this.reader.close();
  }

  private removeFromList(uids: number[], all: boolean): void {
    const set = new Set(uids);
    this.set((s) => ({
      messages: all ? [] : s.messages.filter((m) => !set.has(m.uid)),
      total: all ? 0 : Math.max(0, s.total - uids.length),
      selection: [],
      allSelected: false,
      anchor: null,
    }));
    if (this.reader.isOpen(uids) || (all && this.reader.state.openUid !== null)) this.reader.close();
  }

  /**
   * What a delete or move acts on: the chosen UIDs, or "all N" of the list (after the user
   * confirms, as Gmail asks before acting on every conversation of a search); null: nothing.
   */
  private async chosenTargets(uids: number[] | undefined, ask = true): Promise<{ targets: Targets; uids: number[]; count: number } | null> {
    if (uids === undefined && this.state.allSelected) {
      const count = this.state.total;
      if (count === 0 || (ask && !(await this.confirm(this.t("confirmAll", { count, folder: this.folderLabel(this.state.folder) }))))) return null;
      return { targets: { all: this.listSearch() }, uids: this.state.selection, count };
    }
    const chosen = uids ?? this.targets();
    return chosen.length ? { targets: chosen, uids: chosen, count: chosen.length } : null;
  }

  /** To Trash; in Trash, after the user confirms, for good. */
  async deleteMessages(uids?: number[]): Promise<void> {
    const forever = folderByRole(this.state.folders, "trash")?.name === this.state.folder;
    // In Trash the one question is the permanent deletion's, with the count.
    const chosen = await this.chosenTargets(uids, !forever);
    if (!chosen) return;
    if (forever && !(await this.confirm(this.t("confirmDeleteForever", { count: chosen.count })))) return;
    await this.changeMessages(chosen, (folder) => this.api.delete(folder, chosen.targets));
  }

  async moveMessages(to: string, uids?: number[]): Promise<void> {
    if (to === this.state.folder) return;
    const chosen = await this.chosenTargets(uids);
    if (!chosen) return;
    await this.changeMessages(chosen, (folder) => this.api.move(folder, chosen.targets, to));
  }

  /**
   * Takes the messages out of the list at once, then asks the server, then reloads list and
   * counts. The toast says how many went where, and offers 실행 취소 when the server said which
   * UIDs they have there (and they are few enough to name in one call).
   */
  private async changeMessages(chosen: { targets: Targets; uids: number[]; count: number }, request: (folder: string) => Promise<MoveAnswer>): Promise<void> {
    const folder = this.state.folder;
    this.removeFromList(chosen.uids, !Array.isArray(chosen.targets));
    try {
      const answer = await request(folder);
      const { moved } = answer;
      const count = answer.count ?? chosen.count;
      if (!moved) this.notices.notify(this.t("deletedForever", { count }));
      else {
        const text = folderByRole(this.state.folders, "trash")?.name === moved.folder
          ? this.t("movedToTrash", { count })
          : this.t("movedTo", { count, folder: this.folderLabel(moved.folder) });
        const undoable = moved.uids.length === count && count > 0 && count <= MAX_UIDS_PER_CALL;
        const undo = undoable ? { label: this.t("undo"), run: () => this.undoMove(moved, folder) } : undefined;
        this.notices.notify(text, "info", undo);
      }
    } catch (error) {
      this.notices.error(error);
    }
    await Promise.all([this.loadList(), this.loadFolders().catch(() => undefined)]);
  }

  /** Moves the messages of a move or delete back where they came from. */
  async undoMove(moved: MovedMessages, from: string): Promise<void> {
    try {
      await this.api.move(moved.folder, moved.uids, from);
      this.notices.notify(this.t("undone"));
    } catch (error) {
      this.notices.error(error);
    }
    await Promise.all([this.loadList(), this.loadFolders().catch(() => undefined)]);
  }

  /** A folder as the folder list shows it (보낸편지함 for Sent). */
  folderLabel(name: string): string {
    const folder = findFolder(this.state.folders, name);
    const key = folder ? roleLabelKey(folder.role) : null;
    return key ? this.t(key) : folder?.display_name ?? name;
  }

  // Folder management (issue 25): spam reports and dragging rows onto a folder.

  /** 스팸 신고 (to Junk) or 스팸 아님 (back to INBOX), with the toast and undo of a move. */
  async reportSpam(spam: boolean, uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0) return;
    // A spam report names its messages (the route takes UIDs, not "all N"): the loaded selection.
    await this.changeMessages({ targets: uids, uids, count: uids.length }, (folder) => this.api.reportSpam(folder, uids, spam));
  }

  /** What a drag from `uid`'s row carries: the selection when the row is in it, else that row alone. */
  dragUids(uid: number): number[] {
    const { selection } = this.state;
    return selection.includes(uid) ? selection : [uid];
  }

  clear(): void {
    this.listRequest++;
    this.set(initial);
  }
}
