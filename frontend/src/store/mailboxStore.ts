// The folders and the message list of one folder: paging, search, selection and the keyboard
// cursor, and the actions on the selected messages (flags, move, delete). Opening a message from
// the list hands it to the reader store.
import type { MailApi } from "../api/mailApi";
import type { Folder, MessageSummary, MoveAnswer, MovedMessages } from "../api/types";
import { findFolder, folderByRole, roleLabelKey } from "../lib/folders";
import { DomainStore } from "./domainStore";
import type { Translate } from "./languageStore";
import type { NoticeStore } from "./noticeStore";
import type { ReaderStore } from "./readerStore";
import { applyClick, type ClickModifier } from "./selection";

export const PAGE_SIZE = 50;

export interface MailboxState {
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
}

const initial: MailboxState = {
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
};

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
const emptyList: Pick<MailboxState, "messages" | "total" | "selection" | "anchor" | "cursor"> = { messages: [], total: 0, selection: [], anchor: null, cursor: 0 };

export class MailboxStore extends DomainStore<MailboxState> {
  private listRequest = 0;

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
   */
  async openFolder(folder: string): Promise<void> {
    this.set({ folder, page: 1, query: "", ...emptyList });
    this.reader.close();
    await this.loadList();
  }

  async search(query: string): Promise<void> {
    this.set({ query, page: 1, ...emptyList });
    await this.loadList();
  }

  async goToPage(page: number): Promise<void> {
    const last = Math.max(1, Math.ceil(this.state.total / PAGE_SIZE));
    const target = Math.min(Math.max(1, page), last);
    this.set({ page: target, ...emptyList });
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
      this.set({ listLoading: false, listError: this.notices.describe(error) });
    }
  }

  /** The mailbox changed on the server: counts, and the first page unless the user is elsewhere. */
  async refresh(): Promise<void> {
    const counts = this.loadFolders().catch(() => undefined);
    if (this.state.page === 1 && !this.state.query) await Promise.all([counts, this.loadList()]);
    else await counts;
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

  /** The UID under the keyboard cursor. */
  cursorUid(): number | undefined {
    return this.state.messages[this.state.cursor]?.uid;
  }

  /** Opens a message of this folder in the reader; the cursor follows it when it is in the list. */
  async openMessage(uid: number): Promise<void> {
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

  async setFlags(flags: { seen?: boolean; flagged?: boolean }, uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0) return;
    const folder = this.state.folder;
    this.patchSummaries(uids, flags);
    try {
      await this.api.setFlags(folder, uids, flags);
      if (flags.seen !== undefined) await this.loadFolders();
    } catch (error) {
      this.notices.error(error);
      await this.loadList();
    }
  }

  async toggleStar(uids: number[] = this.targets()): Promise<void> {
    const first = this.state.messages.find((m) => m.uid === uids[0]) ?? this.reader.state.message;
    await this.setFlags({ flagged: !(first?.flags.flagged ?? false) }, uids);
  }

  async markUnread(uids: number[] = this.targets()): Promise<void> {
    await this.setFlags({ seen: false }, uids);
    if (this.reader.isOpen(uids)) this.reader.close();
  }

  private removeFromList(uids: number[]): void {
    const set = new Set(uids);
    this.set((s) => ({
      messages: s.messages.filter((m) => !set.has(m.uid)),
      total: Math.max(0, s.total - uids.length),
      selection: [],
      anchor: null,
    }));
    if (this.reader.isOpen(uids)) this.reader.close();
  }

  /** To Trash; in Trash, after the user confirms, for good. */
  async deleteMessages(uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0) return;
    const forever = folderByRole(this.state.folders, "trash")?.name === this.state.folder;
    if (forever && !(await this.confirm(this.t("confirmDeleteForever", { count: uids.length })))) return;
    await this.changeMessages(uids, (folder) => this.api.delete(folder, uids));
  }

  async moveMessages(to: string, uids: number[] = this.targets()): Promise<void> {
    if (uids.length === 0 || to === this.state.folder) return;
    await this.changeMessages(uids, (folder) => this.api.move(folder, uids, to));
  }

  /**
   * Takes the messages out of the list at once, then asks the server, then reloads list and
   * counts. The toast says how many went where, and offers 실행 취소 when the server said which
   * UIDs they have there.
   */
  private async changeMessages(uids: number[], request: (folder: string) => Promise<MoveAnswer>): Promise<void> {
    const folder = this.state.folder;
    this.removeFromList(uids);
    try {
      const { moved } = await request(folder);
      const count = uids.length;
      if (!moved) this.notices.notify(this.t("deletedForever", { count }));
      else {
        const text = folderByRole(this.state.folders, "trash")?.name === moved.folder
          ? this.t("movedToTrash", { count })
          : this.t("movedTo", { count, folder: this.folderLabel(moved.folder) });
        const undo = moved.uids.length === count ? { label: this.t("undo"), run: () => this.undoMove(moved, folder) } : undefined;
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
    await this.changeMessages(uids, (folder) => this.api.reportSpam(folder, uids, spam));
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
