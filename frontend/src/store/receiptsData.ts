// The data of 수신확인 (issue 33), in the lazy chunks only: one message's receipts with 새로고침 and
// 발송취소 (the reader's panel), and the 수신확인 view's page of sent mail. Asked when shown or
// refreshed, never polled: every ask looks into the recipients' mailboxes on the server.
import { ReceiptsApi, type RecallResult, type Receipt, type SentOverview } from "../api/receiptsApi";
import type { MailApi } from "../api/mailApi";
import { DomainStore } from "./domainStore";

export interface MessageReceiptsState {
  recipients: Receipt[];
  recalled: boolean;
  loading: boolean;
  error: string | null;
  /** The 발송취소 confirmation is open. */
  confirming: boolean;
  /** After 발송취소: the result per recipient. */
  results: { email: string; result: RecallResult }[] | null;
}

type Describe = (error: unknown) => string;

export class MessageReceipts extends DomainStore<MessageReceiptsState> {
  private readonly api: ReceiptsApi;

  constructor(api: MailApi, private readonly uid: number, private readonly folder: string, private readonly describe: Describe) {
    super({ recipients: [], recalled: false, loading: false, error: null, confirming: false, results: null });
    this.api = new ReceiptsApi(api);
  }

  async load(): Promise<void> {
    this.set({ loading: true, error: null });
    try {
      const body = await this.api.receipts(this.uid, this.folder);
      this.set({ recipients: body.recipients, recalled: body.recalled, loading: false });
    } catch (error) {
      this.set({ loading: false, error: this.describe(error) });
    }
  }

  /** Internal recipients who have not read it: the ones 발송취소 can reach. */
  recallable(): string[] {
    return this.state.recipients.filter((r) => r.internal && r.status === "unread").map((r) => r.email);
  }

  confirm(open: boolean): void {
    this.set({ confirming: open });
  }

  async recall(): Promise<void> {
    this.set({ loading: true, confirming: false, error: null });
    try {
      const results = await this.api.recall(this.uid, this.folder);
      this.set({ results, loading: false });
      await this.load();
    } catch (error) {
      this.set({ loading: false, error: this.describe(error) });
    }
  }
}

export interface SentReceiptsState {
  overview: SentOverview | null;
  loading: boolean;
  error: string | null;
}

export class SentReceipts extends DomainStore<SentReceiptsState> {
  private readonly api: ReceiptsApi;

  constructor(api: MailApi, private readonly describe: Describe) {
    super({ overview: null, loading: false, error: null });
    this.api = new ReceiptsApi(api);
  }

  async load(page = this.state.overview?.page ?? 1): Promise<void> {
    this.set({ loading: true, error: null });
    try {
      this.set({ overview: await this.api.overview(page), loading: false });
    } catch (error) {
      this.set({ loading: false, error: this.describe(error) });
    }
  }
}
