// The compose windows: up to MAX_COMPOSE_WINDOWS forms open at once, docked at the bottom right
// like Gmail's, so the list and the reader stay usable while writing. Each window is a form store
// of its own (composeFormStore: its fields, autosave timer, saves and draft UID), so one window's
// save, send or close never touches another's; this store only knows which windows are open,
// which is minimised or maximised and which has the focus, the attachment limit they share, and
// keeps them all over a session's end (lib/pendingDrafts) until their writer signs in again.
// A list of form stores rather than one store of several forms: the form logic stays one form's
// (its saves and their answers can only apply to its own form), and a window subscribes to its own.
import type { Message } from "../api/types";
import { folderByRole } from "../lib/folders";
import type { ComposeMode } from "../lib/quote";
import { keepPendingDraft, takePendingDraft } from "../lib/pendingDrafts";
import type { KeyValueStorage } from "../lib/recentAddresses";
import { ATTACHMENT_LIMIT_BYTES, attachmentBudget, type ComposeForm } from "./composeForm";
import { ComposeFormStore, type ComposeDependencies } from "./composeFormStore";
import { DomainStore } from "./domainStore";

export { AUTOSAVE_DELAY_MS, type DraftStatus, type Scheduler } from "./composeFormStore";

const PENDING_DRAFT_KEY = "zm.pendingDraft";

/** Windows open at once: three fit side by side on a 1280 px screen next to the list. */
export const MAX_COMPOSE_WINDOWS = 3;

export interface ComposeWindow {
  id: number;
  form: ComposeFormStore;
  /** Only its title bar shows. */
  minimized: boolean;
}

export interface ComposeState {
  windows: ComposeWindow[];
  /** The window shown over the whole page, if any. */
  maximized: number | null;
  /** The window keys and Esc act on: the last one opened or clicked. */
  focused: number | null;
  /** Bytes of files a message may carry: from the server's limit once /auth/me answered. */
  attachmentLimit: number;
}

export type ComposeStoreDependencies = Omit<ComposeDependencies, "attachmentLimit" | "nextKey"> & {
  storage: KeyValueStorage | null;
  /** A window opened (not a restored one): e.g. its default signature goes in. */
  opened?: (form: ComposeFormStore, mode: ComposeMode) => void;
};

export class ComposeStore extends DomainStore<ComposeState> {
  private lastId = 0;
  private chipKey = 0;

  constructor(private readonly deps: ComposeStoreDependencies) {
    super({ windows: [], maximized: null, focused: null, attachmentLimit: ATTACHMENT_LIMIT_BYTES });
  }

  /** The server's own limit (an administrator may change ZM_MAX_MESSAGE_BYTES). */
  setMessageLimit(maxMessageBytes: number | undefined): void {
    if (typeof maxMessageBytes === "number" && maxMessageBytes > 0) this.set({ attachmentLimit: attachmentBudget(maxMessageBytes) });
  }

  /**
   * A new window: a new form, or one for the open message (reply, reply all, forward, continue a
   * draft). With MAX_COMPOSE_WINDOWS open, none opens: the notice asks to close one first (and the
   * minimised ones come up so the user sees which), and the answer is null. The form's `id` names
   * its window for close(id) and the others.
   */
  open(mode: ComposeMode = "new", source?: { message: Message | null; folder: string }): ComposeFormStore | null {
    if (!this.roomForOne()) return null;
    const form = this.newForm();
    form.open(mode, source);
    this.deps.opened?.(form, mode);
    return form;
  }

  /** Below MAX_COMPOSE_WINDOWS; else the notice asks to close one (the minimised ones come up so the user sees which). */
  private roomForOne(): boolean {
    const { windows } = this.state;
    if (windows.length < MAX_COMPOSE_WINDOWS) return true;
    this.set({ windows: windows.map((w) => ({ ...w, minimized: false })), maximized: null });
    this.deps.notices.notify(this.deps.language.t("composeLimit", { count: MAX_COMPOSE_WINDOWS }));
    return false;
  }

  /**
   * Opens a message of the Drafts folder in compose ("이어서 쓰기", a click on a row of Drafts, a
   * draft's URL), from whichever folder is shown: the draft is read from Drafts, not the reader. A
   * draft already open gets the focus.
   */
  async editDraft(uid: number): Promise<ComposeFormStore | null> {
    const { api, mailbox, notices } = this.deps;
    const already = this.state.windows.find((w) => w.form.state.compose?.draftUid === uid);
    if (already) {
      this.minimize(already.id, false);
      return already.form;
    }
    const folder = folderByRole(mailbox.state.folders, "drafts")?.name ?? "Drafts";
    let message: Message;
    try {
      message = await api.message(folder, uid);
    } catch (error) {
      notices.error(error);
      return null;
    }
    if (this.state.windows.some((w) => w.form.state.compose?.draftUid === uid) || !this.roomForOne()) return null;
    const form = this.newForm();
    form.open("draft", { message, folder });
    return form;
  }

  private newForm(): ComposeFormStore {
    const id = ++this.lastId;
    const form = new ComposeFormStore({ ...this.deps, attachmentLimit: () => this.state.attachmentLimit, nextKey: () => ++this.chipKey }, id);
    // A form that closed itself (sent, closed keeping its draft, discarded, signed out) leaves the dock.
    const unsubscribe = form.store.subscribe(() => {
      if (form.state.compose !== null) return;
      unsubscribe();
      this.remove(id);
    });
    // Minimised ones stay as they are; a new window is never minimised.
    this.set((s) => ({ windows: [...s.windows, { id, form, minimized: false }], focused: id, maximized: s.maximized === null ? null : id }));
    return form;
  }

  private remove(id: number): void {
    this.set((s) => {
      const windows = s.windows.filter((w) => w.id !== id);
      return {
        windows,
        focused: s.focused === id ? windows[windows.length - 1]?.id ?? null : s.focused,
        maximized: s.maximized === id ? null : s.maximized,
      };
    });
  }

  /** The form of window `id`, or null when it is not open. */
  form(id: number): ComposeFormStore | null {
    return this.state.windows.find((w) => w.id === id)?.form ?? null;
  }

  /** The form keys and Esc act on, or null when no window is open. */
  focused(): ComposeFormStore | null {
    return this.state.focused === null ? null : this.form(this.state.focused);
  }

  focus(id: number): void {
    if (this.form(id)) this.set({ focused: id });
  }

  /** Down to its title bar (the subject), or back up. */
  minimize(id: number, minimized = true): void {
    this.set((s) => ({
      windows: s.windows.map((w) => (w.id === id ? { ...w, minimized } : w)),
      maximized: minimized && s.maximized === id ? null : s.maximized,
      focused: minimized ? s.focused : id,
    }));
  }

  /** Over the whole page, or (null) back in the dock. */
  maximize(id: number | null): void {
    if (id !== null) this.focus(id);
    this.set({ maximized: id });
  }

  /** The × and Esc of window `id`: it goes, what was written stays in Drafts (saved first if it changed). */
  close(id: number): Promise<void> {
    return this.form(id)?.closeKeeping() ?? Promise.resolve();
  }

  /** Something typed in some window that the server does not have yet: leaving now would lose it. */
  hasUnsavedChanges(): boolean {
    return this.state.windows.some((w) => w.form.hasUnsavedChanges());
  }

  /**
   * The session of `owner` is ending (a 401): what every window holds is kept in localStorage (the
   * server will not take it without a session) under its owner's address, and restored after that
   * account's next login (restorePending).
   */
  keepForLater(owner: string): void {
    const kept = this.state.windows.flatMap((w) => w.form.keepForLater() ?? []);
    const storage = this.deps.storage;
    if (kept.length && storage) storage.setItem(PENDING_DRAFT_KEY, keepPendingDraft(storage.getItem(PENDING_DRAFT_KEY), owner, kept));
  }

  /** Gives back what this account was writing when its last session ended; other users' forms stay hidden. */
  restorePending(account: string): void {
    const storage = this.deps.storage;
    const { form, rest } = takePendingDraft<ComposeForm[] | ComposeForm>(storage?.getItem(PENDING_DRAFT_KEY) ?? null, account);
    if (!form || this.deps.session.email.toLowerCase() !== account.toLowerCase()) return;
    storage?.setItem(PENDING_DRAFT_KEY, rest);
    // One form per owner was kept before several windows existed.
    const all = Array.isArray(form) ? form : [form];
    // The URL may have reopened a kept form's draft from the server already: the kept form is newer.
    for (const { form: open } of this.state.windows) {
      const uid = open.state.compose?.draftUid ?? null;
      if (uid !== null && all.some((kept) => kept.draftUid === uid)) open.clear();
    }
    const forms = all.slice(0, MAX_COMPOSE_WINDOWS - this.state.windows.length);
    for (const kept of forms) this.newForm().restore(kept);
    if (forms.length) this.deps.notices.notify(this.deps.language.t("draftRestored"));
  }

  /** The session ended: every window goes (keepForLater has kept what there was to keep). */
  clear(): void {
    for (const w of this.state.windows) w.form.clear();
  }
}
