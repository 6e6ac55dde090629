// Desktop notifications for new mail, opt-in: the browser's permission is asked only when the
// user presses 새 메일 알림 (never on page load), the choice is remembered on this browser, and a
// notification appears when mail arrives in the inbox (its message and unread counts both grow:
// marking a mail unread is no news) while the tab is not in front (in front, the list and the
// title already say it).
import type { KeyValueStorage } from "../lib/recentAddresses";
import { DomainStore } from "./domainStore";
import type { Translate } from "./languageStore";

const ENABLED_KEY = "zm.newMailNotifications";

export type Permission = "default" | "granted" | "denied" | "unsupported";

/** The part of the Notification API the store uses (lib/desktopNotifications gives the browser's). */
export interface Notifier {
  permission(): Permission;
  request(): Promise<Permission>;
  show(title: string, body: string): void;
  /** The tab is visible and focused. */
  inFront(): boolean;
}

export interface InboxCounts {
  unseen: number;
  total: number;
}

export interface NotificationState {
  permission: Permission;
  enabled: boolean;
}

export class NotificationStore extends DomainStore<NotificationState> {
  /** The inbox's counts last seen; null until the first load after signing in. */
  private last: InboxCounts | null = null;

  constructor(
    private readonly notifier: Notifier | null,
    private readonly storage: KeyValueStorage | null,
    private readonly t: Translate,
  ) {
    const permission = notifier?.permission() ?? "unsupported";
    super({ permission, enabled: permission === "granted" && storage?.getItem(ENABLED_KEY) === "on" });
  }

  /** On a click only: browsers ignore (or hold against the site) a permission asked without one. */
  async enable(): Promise<void> {
    if (!this.notifier) return;
    const permission = await this.notifier.request().catch((): Permission => "denied");
    this.storage?.setItem(ENABLED_KEY, permission === "granted" ? "on" : "off");
    this.set({ permission, enabled: permission === "granted" });
  }

  disable(): void {
    this.storage?.setItem(ENABLED_KEY, "off");
    this.set({ enabled: false });
  }

  /** The inbox's counts after a load (null: not known, e.g. signed out); `newest` describes the latest mail. */
  inboxCounts(counts: InboxCounts | null, newest: () => string): void {
    const before = this.last;
    this.last = counts;
    if (!counts || !before || counts.total <= before.total || counts.unseen <= before.unseen) return;
    if (!this.state.enabled || !this.notifier || this.notifier.inFront()) return;
    this.notifier.show(this.t("newMailTitle", { count: counts.unseen - before.unseen }), newest());
  }
}
