// The outbox's HTTP client (/mail/outbox…, docs/api.yaml): mails waiting to be sent (발송 취소,
// 예약 발송) and the ones that failed later, over MailApi's authenticated calls.
import type { MailApi } from "./mailApi";

export interface OutboxEntry {
  id: string;
  subject: string;
  recipients: string[];
  /** ISO 8601. */
  send_at: string;
  state: "queued" | "failed";
  reason?: string | null;
  draft_uid?: number | null;
}

export class OutboxApi {
  constructor(private readonly api: MailApi) {}

  list(state?: "queued" | "failed"): Promise<OutboxEntry[]> {
    return this.api.call<{ entries: OutboxEntry[] }>("GET", `/mail/outbox${state ? `?state=${state}` : ""}`).then((body) => body.entries);
  }

  reschedule(id: string, sendAt: string): Promise<OutboxEntry> {
    return this.api.call<OutboxEntry>("PATCH", `/mail/outbox/${encodeURIComponent(id)}`, { send_at: sendAt });
  }

  sendNow(id: string): Promise<OutboxEntry> {
    return this.api.call<OutboxEntry>("POST", `/mail/outbox/${encodeURIComponent(id)}/send`);
  }

  /** The mail back in Drafts: its UID there (null without UIDPLUS). */
  cancel(id: string): Promise<number | null> {
    return this.api
      .call<{ draft_uid?: number | null }>("DELETE", `/mail/outbox/${encodeURIComponent(id)}`)
      .then((body) => (typeof body?.draft_uid === "number" ? body.draft_uid : null));
  }
}
