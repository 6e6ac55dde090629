// One compose form (one docked window of composeStore): opening it (new, reply, forward, a draft),
// its uploads, sending, saving to Drafts (by hand, and by itself a few seconds after each change:
// one save at a time, each replacing the draft the last one made), and what of it to keep over a
// session's end (composeStore keeps every open form until its writer signs in again). Each form has
// its own state, timer, saves and draft UID, so several can be open at once without touching each other.
import { ApiError, type MailApi } from "../api/mailApi";
import type { Message, OutgoingMessage, SendOutcome, SendSchedule } from "../api/types";
import { folderByRole } from "../lib/folders";
import { quotedBody, type ComposeMode } from "../lib/quote";
import { timerScheduler, type Scheduler } from "../lib/scheduler";
import {
  attachedBytes,
  composeFrom,
  emptyCompose,
  hasContent,
  isReady,
  outgoingFrom,
  partChips,
  recipientsOf,
  uploadIds,
  type ComposeAttachment,
  type ComposeForm,
  type ComposeFormat,
} from "./composeForm";
import { DomainStore } from "./domainStore";
import type { LanguageStore } from "./languageStore";
import type { MailboxStore } from "./mailboxStore";
import type { NoticeStore } from "./noticeStore";
import type { ReaderStore } from "./readerStore";
import type { SessionStore } from "./sessionStore";

/** How long after the last change the form saves itself to Drafts (Gmail and Naver: a few seconds). */
export const AUTOSAVE_DELAY_MS = 3000;

/** The form's copy in Drafts: being saved, saved at (ms since 1970), or the last save failed. */
export type DraftStatus = { kind: "none" } | { kind: "saving" } | { kind: "saved"; at: number } | { kind: "failed"; reason: string };

export type { Scheduler } from "../lib/scheduler";

export interface ComposeFormState {
  /** null once the form is closed (sent, closed, discarded). */
  compose: ComposeForm | null;
  draftStatus: DraftStatus;
}

export interface ComposeDependencies {
  api: MailApi;
  language: LanguageStore;
  notices: NoticeStore;
  session: SessionStore;
  mailbox: MailboxStore;
  reader: ReaderStore;
  scheduler?: Scheduler;
  now?: () => number;
  /** Bytes of files a message may carry (the server's limit once /auth/me answered). */
  attachmentLimit: () => number;
  /** Chip keys, unique over all forms. */
  nextKey: () => number;
  /** The body format a new, reply or forward form starts in (the `compose_format` setting). */
  composeFormat?: () => ComposeFormat;
  /** The undo window of 보내기 (settings undo_send_seconds); none: sent at once. */
  undoSeconds?: () => number;
  /** A send went to the outbox (the undo toast, or the scheduled time's). */
  queued?: (outcome: Extract<SendOutcome, { kind: "queued" }>, schedule: SendSchedule) => void;
}

export class ComposeFormStore extends DomainStore<ComposeFormState> {
  /** Aborts of the uploads in flight, by chip key. */
  private readonly uploads = new Map<number, AbortController>();
  private readonly nextKey: () => number;
  private readonly schedule: Scheduler;
  private cancelAutosave: (() => void) | null = null;
  /** The save in flight (its draft's UID, null when none was stored); saves never overlap. */
  private saving: Promise<number | null> | null = null;
  /** A change came during the save in flight: save again when it is done. */
  private saveAgain = false;
  /** Changes to the form so far: a save knows whether the form changed while it ran. */
  private edits = 0;
  /** Counts forms opened and closed: a save's answer only applies to the form it saved. */
  private generation = 0;

  /** `id`: its window's, for composeStore's close(id), minimize(id), … */
  constructor(
    private readonly deps: ComposeDependencies,
    readonly id: number,
  ) {
    super({ compose: null, draftStatus: { kind: "none" } });
    this.schedule = deps.scheduler ?? timerScheduler;
    this.nextKey = deps.nextKey;
  }

  private t(...args: Parameters<LanguageStore["t"]>): string {
    return this.deps.language.t(...args);
  }

  /**
   * A new form, or one for the open message (reply, reply all, forward, continue a draft); `source`:
   * another message than the reader's (a draft reopened by its URL).
   */
  open(mode: ComposeMode = "new", source: { message: Message | null; folder: string } = this.deps.reader.state): void {
    if (this.state.compose) return; // a form store holds one form; composeStore makes more
    const { message, folder } = source;
    this.generation++;
    const format = this.deps.composeFormat?.() ?? "plain";
    if (mode === "new" || !message) {
      this.set({ compose: { ...emptyCompose(), format }, draftStatus: { kind: "none" } });
      return;
    }
    const context = { folder, me: this.deps.session.email, language: this.deps.language.state.language, nextKey: this.nextKey, format };
    this.set({ compose: composeFrom(mode, message, context), draftStatus: { kind: "none" } });
  }

  /** 첨부로 전달: the original goes whole, as a message/rfc822 attachment; no quote, no chips of its files. */
  forwardAsAttachment(): void {
    const form = this.state.compose;
    const original = form?.htmlOrigin?.message ?? this.deps.reader.state.message;
    if (!form || form.mode !== "forward" || !original) return;
    const quote = quotedBody(original, "forward", this.deps.language.state.language);
    const text = form.text.endsWith(quote) ? form.text.slice(0, form.text.length - quote.length) : form.text;
    this.preset({ forwardAsAttachment: true, htmlOrigin: null, html: null, text, attachments: form.attachments.filter((a) => !a.part) });
  }

  /** What a form starts with (the default signature), put in as it opens: not an edit, nothing to save. */
  preset(patch: Partial<ComposeForm>): void {
    this.set((s) => (s.compose ? { compose: { ...s.compose, ...patch } } : {}));
  }

  update(patch: Partial<ComposeForm>): void {
    if (!this.state.compose) return;
    this.set((s) => (s.compose ? { compose: { ...s.compose, ...patch, dirty: true, error: null } } : {}));
    this.changed();
  }

  /** A change the draft in Drafts does not have yet: it is saved a few seconds after the last one. */
  private changed(): void {
    this.edits++;
    this.cancelAutosave?.();
    this.cancelAutosave = this.schedule(AUTOSAVE_DELAY_MS, () => {
      this.cancelAutosave = null;
      void this.autosave();
    });
  }

  private stopAutosave(): void {
    this.cancelAutosave?.();
    this.cancelAutosave = null;
    this.saveAgain = false;
  }

  /** Saves unless nothing changed since the last save; during a save, once more right after it. */
  private autosave(): Promise<number | null> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    const form = this.state.compose;
    if (!form || !form.dirty || form.sendProgress !== null || !hasContent(form)) return Promise.resolve(form?.draftUid ?? null);
    return this.startSave(true);
  }

  private startSave(quiet: boolean): Promise<number | null> {
    const saving = this.saveDraftNow(quiet).finally(() => {
      if (this.saving === saving) this.saving = null;
      if (this.saveAgain) {
        this.saveAgain = false;
        void this.autosave();
      }
    });
    this.saving = saving;
    return saving;
  }

  /** Waits for the saves in flight (and the one a change during them started). */
  private async settled(): Promise<void> {
    while (this.saving) await this.saving.catch(() => null);
  }

  /** Saves now (the 임시 저장 button), after the save in flight; `onlyIfChanged` for closing. */
  async saveDraft(quiet = false, onlyIfChanged = false): Promise<void> {
    this.stopAutosave();
    await this.settled();
    const form = this.state.compose;
    if (!form || (onlyIfChanged && !(form.dirty && hasContent(form)))) return;
    await this.startSave(quiet);
  }

  /** Something typed that the server does not have yet: leaving the page now would lose it. */
  hasUnsavedChanges(): boolean {
    const form = this.state.compose;
    return !!form && hasContent(form) && (form.dirty || this.saving !== null);
  }

  /** The × and Esc: the form goes, what was written stays in Drafts (saved first if it changed). */
  async closeKeeping(): Promise<void> {
    const form = this.state.compose;
    if (!form) return;
    await this.saveDraft(true, true);
    const after = this.state.compose;
    if (!after) return;
    if (after.dirty && hasContent(after)) return; // not saved: the form stays open, its status says why
    if (after.draftUid !== null && this.state.draftStatus.kind === "saved") this.deps.notices.notify(this.t("draftSaved"));
    this.close();
  }

  /** 버리기: the form goes, and so does its copy in Drafts (to Trash, where it can still be found). */
  async discard(): Promise<void> {
    const form = this.state.compose;
    if (!form) return;
    const inFlight = this.saving;
    this.close();
    const uid = (inFlight ? await inFlight.catch(() => null) : null) ?? form.draftUid;
    if (uid === null) return;
    const { api, mailbox } = this.deps;
    const drafts = folderByRole(mailbox.state.folders, "drafts")?.name ?? "Drafts";
    try {
      await api.delete(drafts, [uid]);
      if (mailbox.inDrafts()) void mailbox.loadList();
    } catch (error) {
      this.deps.notices.error(error);
    }
  }

  /** Closes the form; its uploads are no longer needed on the server. */
  close(): void {
    const uploaded = uploadIds(this.state.compose?.attachments ?? []);
    this.abortUploads();
    for (const id of uploaded) this.deleteUpload(id);
    this.reset();
  }

  /** No form any more, and nothing of it pending (its uploads are left alone). */
  private reset(): void {
    this.stopAutosave();
    this.generation++;
    this.set({ compose: null, draftStatus: { kind: "none" } });
  }

  private deleteUpload(id: string): void {
    void this.deps.api.deleteUpload(id).catch(() => undefined);
  }

  private patchAttachment(key: number, patch: Partial<ComposeAttachment>): void {
    this.set((s) =>
      s.compose ? { compose: { ...s.compose, attachments: s.compose.attachments.map((a) => (a.key === key ? { ...a, ...patch } : a)) } } : {},
    );
  }

  /** Each file uploads at once (POST /mail/uploads) with its progress on its chip. */
  addFiles(files: File[]): void {
    for (const file of files) this.addFile(file);
  }

  /**
   * An image pasted or dropped into the HTML editor: uploaded like a file, sent as an inline part
   * with `contentId` (the editor's `<img data-zm-cid>`); false when it does not fit the limit.
   */
  addInlineImage(file: File, contentId: string): boolean {
    return this.addFile(file, contentId);
  }

  private addFile(file: File, contentId?: string): boolean {
    {
      const form = this.state.compose;
      if (!form) return false;
      const key = this.nextKey();
      const used = attachedBytes(form.attachments);
      const chip: ComposeAttachment = { key, name: file.name, size: file.size, progress: 0, ...(contentId ? { contentId } : {}) };
      if (used + file.size > this.deps.attachmentLimit()) {
        this.update({ attachments: [...form.attachments, { ...chip, progress: null, error: this.t("overLimit") }] });
        return false;
      }
      this.update({ attachments: [...form.attachments, chip] });
      const abort = new AbortController();
      this.uploads.set(key, abort);
      this.deps.api
        .uploadFile(file, file.name, (progress) => this.patchAttachment(key, { progress }), abort.signal)
        .then(
          (uploaded) => {
            if (this.state.compose?.attachments.some((a) => a.key === key)) {
              this.patchAttachment(key, { uploadId: uploaded.id, size: uploaded.size, progress: null });
              this.update({}); // the next save carries it
            } else this.deleteUpload(uploaded.id); // removed meanwhile
          },
          (error: unknown) => {
            if (!(error instanceof ApiError && error.kind === "aborted")) this.patchAttachment(key, { progress: null, error: this.deps.notices.describe(error) });
          },
        )
        .finally(() => this.uploads.delete(key));
      return true;
    }
  }

  removeAttachment(key: number): void {
    const chip = this.state.compose?.attachments.find((a) => a.key === key);
    if (!chip) return;
    this.uploads.get(key)?.abort();
    if (chip.uploadId) this.deleteUpload(chip.uploadId);
    this.set((s) => (s.compose ? { compose: { ...s.compose, attachments: s.compose.attachments.filter((a) => a.key !== key), dirty: true } } : {}));
    this.changed();
  }

  private abortUploads(): void {
    for (const abort of this.uploads.values()) abort.abort();
    this.uploads.clear();
  }

  /**
   * HTML mode's request: `outgoing` with the editor's HTML made ready to send (sanitized, images
   * as `cid:` parts). Its module is in the editor's chunk, loaded already while the editor is open.
   */
  private async withHtml(outgoing: OutgoingMessage, form: ComposeForm): Promise<OutgoingMessage> {
    if (form.format !== "html") return outgoing;
    const { withHtml } = await import("../lib/composeHtml");
    return withHtml(outgoing, form);
  }

  /** Validation of the address fields; returns the outgoing message or an error text. */
  buildOutgoing(form: ComposeForm): OutgoingMessage | string {
    const { to, cc, bcc, invalid } = recipientsOf(form);
    if (invalid.length > 0) return this.t("invalidAddresses", { list: invalid.join(", ") });
    if (to.length + cc.length + bcc.length === 0) return this.t("needRecipient");
    if (!form.attachments.every(isReady)) return this.t("attachmentsNotReady");
    if (attachedBytes(form.attachments) > this.deps.attachmentLimit()) return this.t("overLimit");
    return outgoingFrom(form, { to, cc, bcc });
  }

  /** 보내기 (after the undo window), or 예약 발송 with `schedule.sendAt`. */
  async send(schedule?: SendSchedule): Promise<SendOutcome | null> {
    const start = this.state.compose;
    if (!start || start.sendProgress !== null) return null;
    const refused = (form: ComposeForm, error: string) => this.set({ compose: { ...form, sendProgress: null, error } });
    const checked = this.buildOutgoing(start);
    if (typeof checked === "string") {
      refused(start, checked);
      return null;
    }
    this.set({ compose: { ...start, sendProgress: 0, error: null } });
    // A save in flight makes a new draft: the send must name that one, which it then replaces.
    this.stopAutosave();
    await this.settled();
    const form = this.state.compose;
    if (!form) return null;
    const outgoing = this.buildOutgoing(form);
    if (typeof outgoing === "string") {
      refused(form, outgoing);
      return null;
    }
    const { api, mailbox, notices } = this.deps;
    try {
      const when = schedule ?? { delaySeconds: this.deps.undoSeconds?.() ?? 0 };
      const outcome = await api.send(await this.withHtml(outgoing, form), when);
      this.reset();
      if (outcome.kind === "sent") notices.notify(this.t("sentOk"));
      else if (outcome.kind === "queued") this.deps.queued?.(outcome, when);
      else notices.error(outcome.error);
      void mailbox.loadFolders().catch(() => undefined);
      // The list changed when it shows Sent, or Drafts (the draft this replaced is gone).
      if (folderByRole(mailbox.state.folders, "sent")?.name === mailbox.state.folder || mailbox.inDrafts()) void mailbox.loadList();
      return outcome;
    } catch (error) {
      if (error instanceof ApiError && error.kind === "unauthorized") return null; // the session's end kept the draft
      const reason = notices.describe(error);
      this.set((s) => (s.compose ? { compose: { ...s.compose, sendProgress: null, error: this.t("sendFailed", { reason }) } } : {}));
      return null;
    }
  }

  /**
   * One save to Drafts, replacing the draft saved before; `quiet` for automatic saves (the status
   * says how it went). What is typed in the address fields goes as typed: addresses, and the
   * pieces that are not addresses (the draft keeps them, issue 25). Attachments still uploading
   * are left out (the next save takes them).
   */
  private async saveDraftNow(quiet: boolean): Promise<number | null> {
    const form = this.state.compose;
    if (!form) return null;
    const generation = this.generation;
    const edits = this.edits;
    const saved = form.attachments.filter(isReady);
    const { to, cc, bcc, unparsed } = recipientsOf(form);
    const { api, mailbox, notices } = this.deps;
    this.set({ draftStatus: { kind: "saving" } });
    try {
      const ready = { ...form, attachments: saved };
      const outgoing = await this.withHtml(outgoingFrom(ready, { to, cc, bcc, unparsed }), ready);
      const { uid } = await api.saveDraft(outgoing);
      const rebased = uid !== null && saved.length ? await this.draftParts(uid, form.format === "html") : null;
      if (generation !== this.generation) {
        if (rebased) for (const id of uploadIds(saved)) this.deleteUpload(id);
        return uid; // the form went meanwhile (discard deletes this draft; close keeps it)
      }
      this.set((s) => {
        if (!s.compose) return {};
        // Changes made while this save ran are not in it: the form stays "changed".
        const compose = { ...s.compose, draftUid: uid ?? s.compose.draftUid, dirty: this.edits !== edits };
        if (rebased) {
          // The old draft is gone: from now on the chips name the new draft's parts.
          const keys = new Set(saved.map((a) => a.key));
          compose.attachments = [...rebased.chips, ...s.compose.attachments.filter((a) => !keys.has(a.key))];
          compose.source = rebased.source;
        }
        return { compose, draftStatus: { kind: "saved", at: (this.deps.now ?? Date.now)() } };
      });
      if (rebased) for (const id of uploadIds(saved)) this.deleteUpload(id);
      if (!quiet) notices.notify(this.t("draftSaved"));
      if (mailbox.inDrafts()) void mailbox.loadList();
      this.followReplacedDraft(form.draftUid, uid);
      return uid;
    } catch (error) {
      if (generation === this.generation) this.set({ draftStatus: { kind: "failed", reason: notices.describe(error) } });
      if (!quiet) notices.error(error);
      return form.draftUid;
    }
  }

  /** The reader showed the draft this save replaced (it is gone now): it shows the new one. */
  private followReplacedDraft(old: number | null, uid: number | null): void {
    const { reader, mailbox } = this.deps;
    const drafts = folderByRole(mailbox.state.folders, "drafts")?.name ?? "Drafts";
    if (old === null || uid === null || old === uid || reader.state.openUid !== old || reader.state.folder !== drafts) return;
    void reader.open(drafts, uid);
  }

  /** The attachments of the draft just stored, as chips; null when it cannot be read. */
  private async draftParts(uid: number, withImages: boolean): Promise<{ chips: ComposeAttachment[]; source: { folder: string; uid: number } } | null> {
    const folder = folderByRole(this.deps.mailbox.state.folders, "drafts")?.name ?? "Drafts";
    try {
      return { chips: partChips(await this.deps.api.message(folder, uid), this.nextKey, withImages), source: { folder, uid } };
    } catch {
      return null;
    }
  }

  /**
   * The session is ending (a 401): what is worth keeping of this form (composeStore stores it in
   * localStorage under its owner), or null. Uploaded files and the original's parts stay on the
   * server: their ids go along. An upload still in flight cannot finish without a session.
   */
  keepForLater(): ComposeForm | null {
    const compose = this.state.compose;
    this.stopAutosave();
    this.abortUploads();
    if (!compose || !(compose.dirty || compose.text || compose.subject)) return null;
    return { ...compose, attachments: compose.attachments.filter(isReady), sendProgress: null };
  }

  /** Opens with what was kept when the last session ended, and saves it to Drafts now that it can. */
  restore(form: Partial<ComposeForm>): void {
    const attachments = (form.attachments ?? []).filter(isReady).map((a) => ({ ...a, key: this.nextKey() }));
    this.generation++;
    this.set({ compose: { ...emptyCompose(), ...form, attachments, sendProgress: null, dirty: true }, draftStatus: { kind: "none" } });
    void this.saveDraft(true);
  }

  /** The session ended: the form goes (keepForLater has kept it when there was something to keep). */
  clear(): void {
    this.reset();
  }
}
