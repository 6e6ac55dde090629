// 예약 메일 (issue 29): the toast of 발송 취소 after 보내기 (with its countdown), the notice of mails
// of the outbox that failed since the last visit (read once at start, then dismissed: they are in
// Drafts), and whether the 예약 메일 view is open. The view has its own URL, /o/ (one letter, never
// an API path: see routeStore.ts), and is a lazy chunk with a store of its own (outboxListStore).
import type { MailApi } from "../api/mailApi";
import type { OutboxEntry } from "../api/outboxApi";
import type { SendOutcome, SendSchedule } from "../api/types";
import type { LocationLike } from "../lib/browserLocation";
import { DomainStore } from "./domainStore";
import type { LanguageStore } from "./languageStore";
import type { NoticeStore } from "./noticeStore";

export const OUTBOX_PREFIX = "/o/";

export function isOutboxUrl(url: string): boolean {
  return url.startsWith(OUTBOX_PREFIX) || url === "/o";
}

export interface OutboxState {
  /** The 예약 메일 view is shown (the URL is /o/). */
  pageOpen: boolean;
  /** The view's list (outboxList.ts fills it), soonest first. */
  entries: OutboxEntry[];
  loaded: boolean;
}

export class OutboxStore extends DomainStore<OutboxState> {
  private returnTo = "/m/INBOX";

  constructor(
    readonly api: MailApi,
    readonly notices: NoticeStore,
    readonly language: LanguageStore,
    private readonly location: LocationLike,
    /** Opens a draft in compose (composeStore.editDraft). */
    private readonly reopen: (draftUid: number) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {
    super({ pageOpen: isOutboxUrl(location.current()), entries: [], loaded: false });
    location.onPop(() => this.set({ pageOpen: isOutboxUrl(location.current()) }));
  }

  /** A send went to the outbox: the undo toast (with its countdown), or when it is scheduled. */
  queued(outcome: Extract<SendOutcome, { kind: "queued" }>, schedule: SendSchedule): void {
    const t = this.language.t;
    if (schedule.sendAt) {
      const at = new Date(outcome.sendAt || schedule.sendAt);
      const time = at.toLocaleString(this.language.state.language === "en" ? "en-US" : "ko-KR", { timeZone: "Asia/Seoul", dateStyle: "medium", timeStyle: "short" });
      this.notices.notify(t("scheduledFor", { time }));
      return;
    }
    const until = this.now() + (schedule.delaySeconds ?? 0) * 1000;
    this.notices.notify(t("sendingIn", { seconds: "{seconds}" }), "info", { label: t("undoSend"), run: () => void this.edit(outcome.outboxId) }, until);
  }

  /** 발송 취소 / 수정: the mail back in Drafts, and open in compose; false when the server refused (too late, gone). */
  async edit(id: string): Promise<boolean> {
    let uid: number | null;
    try {
      uid = await this.cancel(id);
    } catch (error) {
      this.notices.error(error);
      return false;
    }
    if (uid !== null) await this.reopen(uid);
    this.notices.notify(this.language.t("sendCancelled"));
    return true;
  }

  /** At start: mails that failed since (the notice at the next sign-in), told once, then dismissed. */
  async tellFailed(): Promise<void> {
    const failed = await this.api.call<{ entries?: OutboxEntry[] } | undefined>("GET", "/mail/outbox?state=failed").then((b) => b?.entries ?? [], () => []);
    for (const entry of failed) {
      this.notices.notify(this.language.t("outboxFailed", { subject: entry.subject, reason: entry.reason ?? "" }), "error");
      void this.cancel(entry.id).catch(() => undefined);
    }
  }

  /** DELETE: the mail back in Drafts (its UID, null when unknown), or a failed one dismissed. */
  async cancel(id: string): Promise<number | null> {
    const body = await this.api.call<{ draft_uid?: number | null } | undefined>("DELETE", `/mail/outbox/${encodeURIComponent(id)}`);
    return typeof body?.draft_uid === "number" ? body.draft_uid : null;
  }

  /** For the view's list actions (outboxList.ts, in its chunk). */
  setList(patch: Partial<Pick<OutboxState, "entries" | "loaded">> | ((s: OutboxState) => Partial<OutboxState>)): void {
    this.set(patch);
  }

  openPage(): void {
    const current = this.location.current();
    if (!isOutboxUrl(current)) {
      this.returnTo = current;
      this.location.push(OUTBOX_PREFIX);
    }
    this.set({ pageOpen: true });
  }

  closePage(): void {
    this.location.push(isOutboxUrl(this.returnTo) ? "/m/INBOX" : this.returnTo);
    this.set({ pageOpen: false });
  }
}
