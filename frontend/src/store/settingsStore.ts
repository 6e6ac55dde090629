// The user's settings (환경설정), kept on the server (GET/PATCH /settings) so they follow the user to
// any browser. Loaded at sign-in; a change shows at once (the state changes before the PATCH
// answers) and is undone with a notice if the server refuses it. The settings page has its own
// URL, /s/ (one letter, never an API path: see routeStore.ts); the route store leaves /s/ alone.
//
// Preferences that lived in this browser only before (language, 새 메일 알림) move to the server
// on the first load in this browser: a local choice that differs from the server's default is sent
// once, then the server's value rules.
import type { MailApi } from "../api/mailApi";
import { DEFAULT_SETTINGS, type Settings } from "../api/settingsTypes";
import type { LocationLike } from "../lib/browserLocation";
import type { KeyValueStorage } from "../lib/recentAddresses";
import { DomainStore } from "./domainStore";
import type { NoticeStore } from "./noticeStore";

export const SETTINGS_PREFIX = "/s/";
const MIGRATED_KEY = "zm.settingsMigrated";
const LOCAL_LANGUAGE_KEY = "zm.language";
const LOCAL_NOTIFICATIONS_KEY = "zm.newMailNotifications";

export interface SettingsState {
  settings: Settings;
  loaded: boolean;
  /** The settings page is shown (the URL is /s/). */
  pageOpen: boolean;
  /** Its part after /s/ ("" for the main page, "filters", "vacation"). */
  section: string;
}

export function isSettingsUrl(url: string): boolean {
  return url === "/s" || url.startsWith(SETTINGS_PREFIX);
}

function sectionOf(url: string): string {
  return url.startsWith(SETTINGS_PREFIX) ? url.slice(SETTINGS_PREFIX.length).split(/[?#/]/)[0] : "";
}

export class SettingsStore extends DomainStore<SettingsState> {
  /** Where the mail view was when the page opened, to return there. */
  private returnTo = "/m/INBOX";

  constructor(
    private readonly api: MailApi,
    private readonly storage: KeyValueStorage | null,
    private readonly notices: NoticeStore,
    private readonly location: LocationLike,
  ) {
    super({ settings: DEFAULT_SETTINGS, loaded: false, pageOpen: isSettingsUrl(location.current()), section: sectionOf(location.current()) });
    location.onPop(() => this.set({ pageOpen: isSettingsUrl(location.current()), section: sectionOf(location.current()) }));
  }

  /**
   * After sign-in: the server's settings (a failure keeps the defaults, with a notice). The first
   * time on this browser, its old local preferences go in before anything applies, then to the server.
   */
  async load(): Promise<void> {
    let settings: Settings;
    try {
      settings = { ...DEFAULT_SETTINGS, ...(await this.api.settings()) };
    } catch (error) {
      this.notices.error(error);
      return;
    }
    const local = this.localPreferences(settings);
    this.set({ settings: { ...settings, ...local }, loaded: true });
    if (!this.storage || this.storage.getItem(MIGRATED_KEY)) return;
    if (Object.keys(local).length === 0) {
      this.storage.setItem(MIGRATED_KEY, "1");
      return;
    }
    try {
      this.set({ settings: { ...this.state.settings, ...(await this.api.updateSettings(local)) } });
      this.storage.setItem(MIGRATED_KEY, "1");
    } catch {
      // tried again at the next sign-in; meanwhile this browser shows its own choice
    }
  }

  /** This browser's choices from before the settings were the server's, where they differ from its defaults. */
  private localPreferences(settings: Settings): Partial<Settings> {
    const changes: Partial<Settings> = {};
    if (!this.storage || this.storage.getItem(MIGRATED_KEY)) return changes;
    if (this.storage.getItem(LOCAL_LANGUAGE_KEY) === "en" && settings.language === DEFAULT_SETTINGS.language) changes.language = "en";
    if (this.storage.getItem(LOCAL_NOTIFICATIONS_KEY) === "on" && !settings.desktop_notifications) changes.desktop_notifications = true;
    return changes;
  }

  clear(): void {
    this.set({ settings: DEFAULT_SETTINGS, loaded: false });
  }

  /** Applies `changes` at once and stores them; false (and the old values back) if the server refused. */
  async update(changes: Partial<Settings>): Promise<boolean> {
    const before = this.state.settings;
    const changed = Object.entries(changes).some(([key, value]) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(value));
    if (!changed) return true;
    this.set({ settings: { ...before, ...changes } });
    if (!this.state.loaded) return true; // signed out: only this browser's view changes
    try {
      this.set({ settings: { ...this.state.settings, ...(await this.api.updateSettings(changes)) } });
      return true;
    } catch (error) {
      this.set({ settings: before });
      this.notices.error(error);
      return false;
    }
  }

  /** 이 발신자는 항상 표시. */
  async trust(sender: string): Promise<void> {
    await this.listChange(sender, true);
  }

  async distrust(sender: string): Promise<void> {
    await this.listChange(sender, false);
  }

  private async listChange(sender: string, trusted: boolean): Promise<void> {
    const email = sender.trim().toLowerCase();
    const before = this.state.settings;
    const list = before.trusted_senders.filter((s) => s !== email);
    this.set({ settings: { ...before, trusted_senders: trusted ? [...list, email].sort() : list } });
    try {
      const answer = trusted ? await this.api.trustSender(email) : await this.api.distrustSender(email);
      this.set({ settings: { ...this.state.settings, ...answer } });
    } catch (error) {
      this.set({ settings: before });
      this.notices.error(error);
    }
  }

  /** The sender's remote images show without asking. */
  static trusts(state: SettingsState, sender: string | undefined): boolean {
    if (!sender || state.settings.remote_images !== "trusted") return false;
    return state.settings.trusted_senders.includes(sender.trim().toLowerCase());
  }

  /** The settings page, or one of its parts (`filters`, `vacation`: /s/filters). */
  openPage(section = ""): void {
    const current = this.location.current();
    if (!isSettingsUrl(current)) this.returnTo = current;
    if (!isSettingsUrl(current) || sectionOf(current) !== section) this.location.push(SETTINGS_PREFIX + section);
    this.set({ pageOpen: true, section });
  }

  closePage(): void {
    this.location.push(isSettingsUrl(this.returnTo) ? "/m/INBOX" : this.returnTo);
    this.set({ pageOpen: false });
  }
}
