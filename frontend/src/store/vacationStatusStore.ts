// Whether the user's 부재중 자동응답 is on today, for the mail view's banner; and whether the
// server offers filters at all (404 sieve_unavailable hides the pages and the banner). Read once
// at sign-in and after each save of the page (never polled: the reply only changes from here).
import { ApiError } from "../api/apiError";
import type { MailApi } from "../api/mailApi";
import type { Vacation } from "../api/sieveApi";
import { DomainStore } from "./domainStore";

export interface VacationStatusState {
  /** false once the server said it has no Sieve (404); the pages and the banner are then hidden. */
  available: boolean;
  vacation: Vacation | null;
}

/** Today in Korean time (`YYYY-MM-DD`), the server's calendar for the reply's dates. */
export function koreanToday(now: number = Date.now()): string {
  return new Date(now + 9 * 3600_000).toISOString().slice(0, 10);
}

/** The reply answers mail today: on, and today within its dates. */
export function vacationActive(vacation: Vacation | null, today: string): boolean {
  if (!vacation?.enabled) return false;
  return (!vacation.start || vacation.start <= today) && (!vacation.end || today <= vacation.end);
}

export class VacationStatusStore extends DomainStore<VacationStatusState> {
  constructor(private readonly api: MailApi) {
    super({ available: true, vacation: null });
  }

  async load(): Promise<void> {
    try {
      this.show(await this.api.call<Vacation>("GET", "/settings/vacation"));
    } catch (error) {
      // Only "not configured" hides the pages; a Sieve server that is down is the page's message.
      if (error instanceof ApiError && error.code === "sieve_unavailable") this.set({ available: false, vacation: null });
    }
  }

  show(vacation: Vacation): void {
    this.set({ available: true, vacation });
  }

  clear(): void {
    this.set({ available: true, vacation: null });
  }
}
