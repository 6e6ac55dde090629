// Toasts: short confirmations ("보냈습니다") and errors of actions that have no place of their own
// on screen. At most three at a time; each goes away by itself.
import { describeError } from "../lib/errorCodes";
import type { Language } from "../lib/i18n";
import { DomainStore } from "./domainStore";

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
  /** A button in the toast, e.g. 실행 취소 after a move. */
  action?: NoticeAction;
  /** A countdown (ms since 1970): `{seconds}` in the text counts down to it, and the toast stays until then. */
  until?: number;
}

export interface NoticeAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface NoticeState {
  notices: Notice[];
}

export class NoticeStore extends DomainStore<NoticeState> {
  private lastId = 0;

  constructor(private readonly language: () => Language) {
    super({ notices: [] });
  }

  notify(text: string, tone: Notice["tone"] = "info", action?: NoticeAction, until?: number): void {
    const id = ++this.lastId;
    this.set((s) => ({ notices: [...s.notices.slice(-2), { id, text, tone, ...(action ? { action } : {}), ...(until ? { until } : {}) }] }));
    // A toast with an action stays long enough to reach for it; a countdown's, until its end.
    setTimeout(() => this.dismiss(id), until ? Math.max(0, until - Date.now()) : tone === "error" || action ? 8000 : 4000);
  }

  /** A failed action, in words for the user. */
  error(error: unknown): void {
    this.notify(this.describe(error), "error");
  }

  dismiss(id: number): void {
    this.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  /** A failure in the user's language: the SPA's own text for its code (lib/errorCodes.ts). */
  describe(error: unknown): string {
    return describeError(error, this.language());
  }
}
