// 수신확인 and 발송취소 (issue 33): whether the server offers them (GET /auth/me `receipts`: a Dovecot
// master user is configured), and whether the 수신확인 view is open. The view has its own URL, /r/
// (one letter, never an API path: see routeStore.ts); it and the reader's panel are lazy chunks
// with their data in stores of their own (receiptsData.ts).
import type { LocationLike } from "../lib/browserLocation";
import { DomainStore } from "./domainStore";

export const RECEIPTS_PREFIX = "/r/";

export function isReceiptsUrl(url: string): boolean {
  return url.startsWith(RECEIPTS_PREFIX) || url === "/r";
}

export interface ReceiptsState {
  /** The server offers 수신확인; false hides the panel, the button and the view. */
  available: boolean;
  pageOpen: boolean;
}

export class ReceiptsStore extends DomainStore<ReceiptsState> {
  constructor(private readonly location: LocationLike) {
    super({ available: false, pageOpen: isReceiptsUrl(location.current()) });
    location.onPop(() => this.set({ pageOpen: isReceiptsUrl(location.current()) }));
  }

  setAvailable(available: boolean): void {
    this.set({ available });
  }

  /** Opens the view, or closes it back to where it was opened from (the mail list when unknown). */
  togglePage(open: boolean): void {
    if (open) this.location.push(RECEIPTS_PREFIX);
    else if (this.location.previous()) this.location.back();
    else this.location.push("/m/INBOX");
    this.set({ pageOpen: open });
  }
}
