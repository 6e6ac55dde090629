// Toasts: short confirmations ("보냈습니다") and errors of actions that have no place of their own
// on screen. At most three at a time; each goes away by itself.
import { ApiError } from "../api/apiError";
import { DomainStore } from "./domainStore";
import type { Translate } from "./languageStore";

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
}

export interface NoticeState {
  notices: Notice[];
}

export class NoticeStore extends DomainStore<NoticeState> {
  private lastId = 0;

  constructor(private readonly t: Translate) {
    super({ notices: [] });
  }

  notify(text: string, tone: Notice["tone"] = "info"): void {
    const id = ++this.lastId;
    this.set((s) => ({ notices: [...s.notices.slice(-2), { id, text, tone }] }));
    setTimeout(() => this.dismiss(id), tone === "error" ? 8000 : 4000);
  }

  /** A failed action, in words for the user. */
  error(error: unknown): void {
    this.notify(this.describe(error), "error");
  }

  dismiss(id: number): void {
    this.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  describe(error: unknown): string {
    if (error instanceof ApiError) {
      switch (error.kind) {
        case "server_unavailable":
          return error.detail ?? this.t("serverDown");
        case "network":
          return this.t("networkDown");
        case "too_large":
          return this.t("tooLarge");
        case "rate_limited":
          return error.retryAfter !== null ? this.t("rateLimited", { seconds: error.retryAfter }) : this.t("rateLimitedNoTime");
        default:
          return error.detail ?? error.message;
      }
    }
    return error instanceof Error ? error.message : String(error);
  }
}
