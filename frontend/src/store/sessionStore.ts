// Who is signed in: the start-up check of the cookie session, login, logout, and the end of a
// session (a 401 from any call). What the other stores do at these moments is not decided here:
// the composition (appStores.ts) passes it in as SessionHooks.
import type { ContactsApi } from "../api/contactsApi";
import type { MailApi } from "../api/mailApi";
import type { Me } from "../api/types";
import { RecentAddresses, type KeyValueStorage } from "../lib/recentAddresses";
import { DomainStore } from "./domainStore";
import type { Translate } from "./languageStore";
import type { NoticeStore } from "./noticeStore";

const SESSION_KEY = "zm.session";
/** What POST /contacts/collected takes at once. */
const COLLECTED_MAX = 2000;

export interface SessionState {
  /** null when signed out; `email` may be "" for a session found by cookie until /auth/me answers. */
  session: { email: string } | null;
  /** false until the first session check answered. */
  sessionChecked: boolean;
  /** Shown on the login page (e.g. why the last session ended). */
  loginNotice: string | null;
}

export interface SessionHooks {
  /** Loads what a session needs first; throws when there is no valid session (a 401). */
  probe(): Promise<void>;
  /** After sign-in (or a valid cookie session) and the probe: start the mail views. */
  signedIn(): Promise<void>;
  /** The server told who this is (GET /auth/me). */
  accountKnown(me: Me): void;
  /** The session is about to end by a 401: keep what `email` was doing. */
  ending(email: string): void;
  /** The session ended (logout, or `lost` to a 401): drop the signed-in views' data. */
  ended(lost: boolean): void;
}

export class SessionStore extends DomainStore<SessionState> {
  constructor(
    private readonly api: MailApi,
    private readonly storage: KeyValueStorage | null,
    private readonly t: Translate,
    private readonly notices: NoticeStore,
    private readonly hooks: SessionHooks,
  ) {
    super({ session: readSaved(storage), sessionChecked: false, loginNotice: null });
  }

  get email(): string {
    return this.state.session?.email ?? "";
  }

  /** The correspondents this browser kept for this account before the server collected them. */
  recent(): RecentAddresses {
    return new RecentAddresses(this.storage, `zm.recent.${this.email}`);
  }

  /**
   * Once, at sign-in: the browser's old list goes to the server's collected recipients and is then
   * removed here (kept when the server refused, to try again next time).
   */
  async moveCollectedToServer(contacts: Pick<ContactsApi, "importCollected">): Promise<void> {
    const recent = this.recent();
    const addresses = recent.all();
    if (!this.email || addresses.length === 0) return;
    try {
      await contacts.importCollected(addresses.slice(0, COLLECTED_MAX));
      recent.clear();
    } catch {
      // the next sign-in tries again
    }
  }

  /**
   * On start: is there a valid cookie session (this tab's or another's)? The HttpOnly cookie cannot
   * be read, so ask the server; a 401 shows the login page.
   */
  async checkSession(): Promise<void> {
    try {
      await this.hooks.probe();
      this.set((s) => ({ session: s.session ?? { email: "" }, sessionChecked: true }));
      await this.afterSignIn();
    } catch {
      this.set({ sessionChecked: true });
    }
  }

  /** Throws ApiError; the login page shows it. */
  async login(email: string, password: string): Promise<void> {
    const result = await this.api.login(email.trim(), password);
    const session = { email: result.user?.email ?? email.trim() };
    this.storage?.setItem(SESSION_KEY, JSON.stringify(session));
    this.set({ session, loginNotice: null });
    await this.hooks.probe().catch((e: unknown) => this.notices.error(e));
    await this.afterSignIn();
  }

  private async afterSignIn(): Promise<void> {
    this.api.me().then(
      (me) => {
        // A session found by cookie alone may not know its address yet.
        if (me.email && this.state.session && !this.state.session.email) this.set({ session: { email: me.email } });
        this.hooks.accountKnown(me);
      },
      () => {},
    );
    await this.hooks.signedIn();
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // the session is dropped locally either way
    }
    this.clear(null);
  }

  /** A 401 from any call: the session ended. */
  sessionLost(): void {
    if (!this.state.session) return;
    this.hooks.ending(this.state.session.email);
    this.clear(this.t("sessionEnded"), true);
  }

  private clear(notice: string | null, lost = false): void {
    this.storage?.setItem(SESSION_KEY, "");
    this.set({ session: null, loginNotice: notice });
    this.hooks.ended(lost);
  }
}

function readSaved(storage: KeyValueStorage | null): { email: string } | null {
  try {
    const text = storage?.getItem(SESSION_KEY);
    return text ? (JSON.parse(text) as { email: string }) : null;
  } catch {
    return null;
  }
}
