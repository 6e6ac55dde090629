// 수신확인 and 발송취소's HTTP client (docs/api.yaml: /mail/messages/{uid}/receipts, …/recall,
// /mail/receipts), over MailApi's authenticated calls. Only the lazy chunks import it.
import type { MailApi } from "./mailApi";

export type ReceiptStatus = "read" | "unread" | "deleted" | "not_found" | "external" | "unknown";
export type RecallResult = "recalled" | "already_read" | "not_found" | "external" | "unknown";

export interface Receipt {
  email: string;
  internal: boolean;
  status: ReceiptStatus;
  /** ISO 8601: when the webmail first saw it read; null before. */
  read_at: string | null;
}

export interface SentOverviewItem {
  uid: number;
  subject: string;
  date: string | null;
  recipients: number;
  internal: number;
  read: number;
  recalled: boolean;
}

export interface SentOverview {
  folder: string;
  page: number;
  has_more: boolean;
  messages: SentOverviewItem[];
}

export class ReceiptsApi {
  constructor(private readonly api: MailApi) {}

  receipts(uid: number, folder: string): Promise<{ recipients: Receipt[]; recalled: boolean }> {
    return this.api.call("GET", `/mail/messages/${uid}/receipts?folder=${encodeURIComponent(folder)}`);
  }

  recall(uid: number, folder: string): Promise<{ email: string; result: RecallResult }[]> {
    return this.api
      .call<{ recipients: { email: string; result: RecallResult }[] }>("POST", `/mail/messages/${uid}/recall?folder=${encodeURIComponent(folder)}`, {})
      .then((body) => body.recipients);
  }

  overview(page: number): Promise<SentOverview> {
    return this.api.call("GET", `/mail/receipts?page=${page}`);
  }
}
