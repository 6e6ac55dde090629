// The one compose form: opening it (new, reply, forward, a draft), its uploads, sending, saving to
// Drafts, and keeping it over a session's end (lib/pendingDrafts) until its writer signs in again.
import { ApiError, type MailApi } from "../api/mailApi";
import type { OutgoingMessage, SendOutcome } from "../api/types";
import { parseAddressList } from "../lib/address";
import { folderByRole } from "../lib/folders";
import { keepPendingDraft, takePendingDraft } from "../lib/pendingDrafts";
import type { ComposeMode } from "../lib/quote";
import type { KeyValueStorage } from "../lib/recentAddresses";
import {
  ATTACHMENT_LIMIT_BYTES,
  attachedBytes,
  attachmentBudget,
  composeFrom,
  emptyCompose,
  isReady,
  outgoingFrom,
  partChips,
  uploadIds,
  type ComposeAttachment,
  type ComposeForm,
} from "./composeForm";
import { DomainStore } from "./domainStore";
import type { LanguageStore } from "./languageStore";
import type { MailboxStore } from "./mailboxStore";
import type { NoticeStore } from "./noticeStore";
import type { ReaderStore } from "./readerStore";
import type { SessionStore } from "./sessionStore";

const PENDING_DRAFT_KEY = "zm.pendingDraft";

export interface ComposeState {
  /** null when no form is open. */
  compose: ComposeForm | null;
  /** Bytes of files a message may carry: from the server's limit once /auth/me answered. */
  attachmentLimit: number;
}

export interface ComposeDependencies {
  api: MailApi;
  storage: KeyValueStorage | null;
  language: LanguageStore;
  notices: NoticeStore;
  session: SessionStore;
  mailbox: MailboxStore;
  reader: ReaderStore;
}

export class ComposeStore extends DomainStore<ComposeState> {
  private attachmentKey = 0;
  /** Aborts of the uploads in flight, by chip key. */
  private readonly uploads = new Map<number, AbortController>();
  private readonly nextKey = () => ++this.attachmentKey;

  constructor(private readonly deps: ComposeDependencies) {
    super({ compose: null, attachmentLimit: ATTACHMENT_LIMIT_BYTES });
  }

  private t(...args: Parameters<LanguageStore["t"]>): string {
    return this.deps.language.t(...args);
  }

  /** The server's own limit (an administrator may change ZM_MAX_MESSAGE_BYTES). */
  setMessageLimit(maxMessageBytes: number | undefined): void {
    if (typeof maxMessageBytes === "number" && maxMessageBytes > 0) this.set({ attachmentLimit: attachmentBudget(maxMessageBytes) });
  }

  /** A new form, or one for the open message (reply, reply all, forward, continue a draft). */
  open(mode: ComposeMode = "new"): void {
    if (this.state.compose) return; // one compose at a time; focus stays on it
    const { message, folder } = this.deps.reader.state;
    if (mode === "new" || !message) {
      this.set({ compose: emptyCompose() });
      return;
    }
    const context = { folder, me: this.deps.session.email, language: this.deps.language.state.language, nextKey: this.nextKey };
    this.set({ compose: composeFrom(mode, message, context) });
  }

  /** Opens a message of the Drafts folder in compose ("이어서 쓰기"). */
  async editDraft(uid: number): Promise<void> {
    const { mailbox, reader } = this.deps;
    if (!mailbox.inDrafts()) return;
    if (reader.state.message?.uid !== uid) await mailbox.openMessage(uid);
    if (reader.state.message?.uid === uid) this.open("draft");
  }

  update(patch: Partial<ComposeForm>): void {
    this.set((s) => (s.compose ? { compose: { ...s.compose, ...patch, dirty: true, error: null } } : {}));
  }

  /** Closes (discards) the form; its uploads are no longer needed on the server. */
  close(): void {
    const uploaded = uploadIds(this.state.compose?.attachments ?? []);
    this.abortUploads();
    for (const id of uploaded) this.deleteUpload(id);
    this.set({ compose: null });
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
    for (const file of files) {
      const form = this.state.compose;
      if (!form) return;
      const key = this.nextKey();
      const used = attachedBytes(form.attachments);
      const chip: ComposeAttachment = { key, name: file.name, size: file.size, progress: 0 };
      if (used + file.size > this.state.attachmentLimit) {
        this.update({ attachments: [...form.attachments, { ...chip, progress: null, error: this.t("overLimit") }] });
        continue;
      }
      this.update({ attachments: [...form.attachments, chip] });
      const abort = new AbortController();
      this.uploads.set(key, abort);
      this.deps.api
        .uploadFile(file, file.name, (progress) => this.patchAttachment(key, { progress }), abort.signal)
        .then(
          (uploaded) => {
            if (this.state.compose?.attachments.some((a) => a.key === key)) this.patchAttachment(key, { uploadId: uploaded.id, size: uploaded.size, progress: null });
            else this.deleteUpload(uploaded.id); // removed meanwhile
          },
          (error: unknown) => {
            if (!(error instanceof ApiError && error.kind === "aborted")) this.patchAttachment(key, { progress: null, error: this.deps.notices.describe(error) });
          },
        )
        .finally(() => this.uploads.delete(key));
    }
  }

  removeAttachment(key: number): void {
    const chip = this.state.compose?.attachments.find((a) => a.key === key);
    if (!chip) return;
    this.uploads.get(key)?.abort();
    if (chip.uploadId) this.deleteUpload(chip.uploadId);
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
    const { api, mailbox, notices, session } = this.deps;
    try {
      const outcome = await api.send(outgoing);
      session.recent().remember([...outgoing.to, ...outgoing.cc, ...outgoing.bcc]);
      this.set({ compose: null });
      if (outcome.kind === "sent") notices.notify(this.t("sentOk"));
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
    const { api, mailbox, notices } = this.deps;
    try {
      const { uid } = await api.saveDraft(outgoing);
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
      if (rebased) for (const id of uploadIds(saved)) this.deleteUpload(id);
      if (!quiet) notices.notify(this.t("draftSaved"));
      if (mailbox.inDrafts()) void mailbox.loadList();
    } catch (error) {
      if (!quiet) notices.error(error);
    }
  }

  /** The attachments of the draft just stored, as chips; null when it cannot be read. */
  private async draftParts(uid: number): Promise<{ chips: ComposeAttachment[]; source: { folder: string; uid: number } } | null> {
    const folder = folderByRole(this.deps.mailbox.state.folders, "drafts")?.name ?? "Drafts";
    try {
      return { chips: partChips(await this.deps.api.message(folder, uid), this.nextKey), source: { folder, uid } };
    } catch {
      return null;
    }
  }

  /**
   * The session of `owner` is ending (a 401): whatever is being written is kept in localStorage
   * (the server will not take it without a session) under its owner's address, and restored after
   * that account's next login (restorePending). Uploaded files and the original's parts stay on
   * the server: their ids go along. An upload still in flight cannot finish without a session.
   */
  keepForLater(owner: string): void {
    const compose = this.state.compose;
    if (compose && (compose.dirty || compose.text || compose.subject)) {
      const kept: ComposeForm = { ...compose, attachments: compose.attachments.filter(isReady), sendProgress: null };
      const storage = this.deps.storage;
      storage?.setItem(PENDING_DRAFT_KEY, keepPendingDraft(storage.getItem(PENDING_DRAFT_KEY), owner, kept));
    }
    this.abortUploads();
  }

  /** Gives back what this account was writing when its last session ended; other users' forms stay hidden. */
  restorePending(account: string): void {
    const storage = this.deps.storage;
    const { form, rest } = takePendingDraft<ComposeForm>(storage?.getItem(PENDING_DRAFT_KEY) ?? null, account);
    if (!form || this.deps.session.email.toLowerCase() !== account.toLowerCase()) return;
    storage?.setItem(PENDING_DRAFT_KEY, rest);
    const attachments = (form.attachments ?? []).filter(isReady).map((a) => ({ ...a, key: this.nextKey() }));
    this.set({ compose: { ...emptyCompose(), ...form, attachments, sendProgress: null, dirty: true } });
    this.deps.notices.notify(this.t("draftRestored"));
    // Keep it on the server too, now that we can.
    void this.saveDraft(true);
  }

  /** The session ended: the form goes (keepForLater has kept it when there was something to keep). */
  clear(): void {
    this.set({ compose: null });
  }
}
