// The open message: loading it, its remote-content permission, the links to its parts, and which
// pane a narrow screen shows (folders, list or this message). It knows nothing of the list: the
// mailbox store opens and closes it.
import type { MailApi } from "../api/mailApi";
import type { Message, MessageFlags } from "../api/types";
import { DomainStore } from "./domainStore";

export type Pane = "folders" | "list" | "view";

export interface ReaderState {
  /** The folder of the open message. */
  folder: string;
  openUid: number | null;
  message: Message | null;
  messageLoading: boolean;
  messageError: string | null;
  /** "folder\nuid" of messages whose remote content the reader allowed. */
  remoteAllowed: string[];
  pane: Pane;
}

const initial: ReaderState = {
  folder: "",
  openUid: null,
  message: null,
  messageLoading: false,
  messageError: null,
  remoteAllowed: [],
  pane: "list",
};

export class ReaderStore extends DomainStore<ReaderState> {
  private request = 0;
  /** Set by the composition: a message has been loaded (to mark it read, remember its sender). */
  onOpened: ((message: Message) => void) | undefined;

  constructor(
    private readonly api: MailApi,
    /** How a failure reads for the user. */
    private readonly describe: (error: unknown) => string,
  ) {
    super(initial);
  }

  async open(folder: string, uid: number): Promise<void> {
    const request = ++this.request;
    this.set({ folder, openUid: uid, messageLoading: true, messageError: null, pane: "view" });
    try {
      const message = await this.api.message(folder, uid);
      if (request !== this.request) return;
      this.set({ message, messageLoading: false });
      this.onOpened?.(message);
    } catch (error) {
      if (request !== this.request) return;
      this.set({ messageLoading: false, messageError: this.describe(error) });
    }
  }

  close(): void {
    this.set({ openUid: null, message: null, pane: "list" });
  }

  isOpen(uids: number[]): boolean {
    return this.state.openUid !== null && uids.includes(this.state.openUid);
  }

  setPane(pane: Pane): void {
    this.set({ pane });
  }

  /** The open message's flags changed (the list changed them). */
  patchFlags(uids: Set<number>, flags: Partial<MessageFlags>): void {
    this.set((s) => (s.message && uids.has(s.message.uid) ? { message: { ...s.message, flags: { ...s.message.flags, ...flags } } } : {}));
  }

  allowRemote(): void {
    const { folder, openUid } = this.state;
    if (openUid === null) return;
    this.set((s) => ({ remoteAllowed: [...s.remoteAllowed, `${folder}\n${openUid}`] }));
  }

  static isRemoteAllowed(state: ReaderState): boolean {
    return state.openUid !== null && state.remoteAllowed.includes(`${state.folder}\n${state.openUid}`);
  }

  attachmentUrl(uid: number, part: string): string {
    return this.api.attachmentUrl(this.state.folder, uid, part);
  }

  previewUrl(uid: number, part: string): string {
    return this.api.previewUrl(this.state.folder, uid, part);
  }

  /** A text attachment of the open message to show as text (its start only, for a big one). */
  previewText(uid: number, part: string): Promise<{ text: string; truncated: boolean }> {
    return this.api.previewText(this.state.folder, uid, part);
  }

  zipUrl(uid: number): string {
    return this.api.zipUrl(this.state.folder, uid);
  }

  /** The path under which this message's parts are served (the frame's CSP allows only it). */
  partsPath(uid: number): string {
    return this.api.partsPath(uid);
  }

  rawUrl(uid: number): string {
    return this.api.rawUrl(this.state.folder, uid);
  }

  clear(): void {
    this.request++;
    this.set(initial);
  }
}
