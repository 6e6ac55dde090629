// The stores of the app, made in one place and wired here: every reaction of one store to another
// is a line of this file (a new-mail event refreshes the list, a lost session keeps the form and
// clears the reader, …). A feature adds its own store file and its lines here, not to another store.
import { ContactsApi } from "../api/contactsApi";
import type { MailApi } from "../api/mailApi";
import { displayName } from "../lib/address";
import { folderByRole } from "../lib/folders";
import { MemoryLocation, type LocationLike } from "../lib/browserLocation";
import type { KeyValueStorage } from "../lib/recentAddresses";
import { AddressBookStore } from "./addressBookStore";
import { ComposeStore, type Scheduler } from "./composeStore";
import { EventStore, type EventSourceLike } from "./eventStore";
import { FolderStore, type Dialogs } from "./folderStore";
import { LanguageStore } from "./languageStore";
import { MailboxStore, totalUnseen } from "./mailboxStore";
import { NoticeStore } from "./noticeStore";
import { ReceiptsStore } from "./receiptsStore";
import { OutboxStore } from "./outboxStore";
import { NotificationStore, type Notifier } from "./notificationStore";
import { ReaderStore } from "./readerStore";
import { RouteStore } from "./routeStore";
import { SessionStore } from "./sessionStore";
import { SettingsStore } from "./settingsStore";
import { SuggestStore } from "./suggestStore";
import { VacationStatusStore } from "./vacationStatusStore";
import { startWithSignature } from "./composeSignature";

export interface Environment {
  /** localStorage: language, the signed-in address, recent correspondents, a draft kept over a 401. */
  storage: KeyValueStorage | null;
  eventSource?: (url: string) => EventSourceLike;
  setTitle?: (title: string) => void;
  /** Name prompts and confirmations of folder management; the browser's dialogs by default. */
  dialogs?: Dialogs;
  /** When the compose form saves itself and suggestions ask (tests fire it by hand); timers by default. */
  scheduler?: Scheduler;
  /** Desktop notifications (the browser's Notification API); none in tests unless given. */
  notifier?: Notifier | null;
  /** The address bar and history (each view's URL); an in-memory one unless given. */
  location?: LocationLike;
}

export class AppStores {
  readonly language: LanguageStore;
  readonly notices: NoticeStore;
  readonly session: SessionStore;
  readonly reader: ReaderStore;
  readonly mailbox: MailboxStore;
  readonly compose: ComposeStore;
  readonly events: EventStore;
  readonly folders: FolderStore;
  readonly notifications: NotificationStore;
  readonly route: RouteStore;
  readonly settings: SettingsStore;
  readonly suggest: SuggestStore;
  readonly addressBook: AddressBookStore;
  readonly outbox: OutboxStore;
  readonly receipts: ReceiptsStore;
  /** 부재중 자동응답 on today (the banner), and whether filters exist on this server. */
  readonly vacation: VacationStatusStore;
  private settingsLoading: Promise<void> = Promise.resolve();
  private title: string | null = null;

  constructor(
    readonly api: MailApi,
    private readonly env: Environment,
  ) {
    const { storage } = env;
    const location = env.location ?? new MemoryLocation();
    this.language = new LanguageStore(storage);
    const t = this.language.t;
    this.notices = new NoticeStore(() => this.language.state.language);
    const notices = this.notices;
    const contacts = new ContactsApi(api);
    this.suggest = new SuggestStore(contacts, env.scheduler);
    this.vacation = new VacationStatusStore(api);
    this.session = new SessionStore(api, storage, t, notices, {
      // A valid session is one whose folders load: they are needed first anyway.
      probe: () => this.mailbox.loadFolders(),
      signedIn: async () => {
        this.events.connect();
        void this.vacation.load();
        // The settings first: the list's first load already has the user's page size and order.
        this.settingsLoading = this.settings.load();
        await this.settingsLoading;
        await this.route.start(); // the folder, search and message the URL names (INBOX for /)
        this.noteInbox(); // the mail there at sign-in is not news
        void this.outbox.tellFailed(); // scheduled mails that failed since the last visit
      },
      accountKnown: (me) => {
        this.compose.setMessageLimit(me.max_message_bytes);
        this.receipts.setAvailable(me.receipts === true);
        this.compose.restorePending(me.email);
        void this.session.moveCollectedToServer(contacts); // the address is known now, also for a cookie session
      },
      ending: (email) => this.compose.keepForLater(email),
      ended: (lost) => {
        this.route.stop(lost);
        this.events.close();
        this.notifications.inboxCounts(null, () => "");
        this.mailbox.clear();
        this.reader.clear();
        this.compose.clear();
        this.settings.clear();
        this.suggest.close();
        this.vacation.clear();
      },
    });
    this.reader = new ReaderStore(api, (error) => notices.describe(error));
    this.mailbox = new MailboxStore(api, this.reader, notices, t);
    this.compose = new ComposeStore({ api, storage, language: this.language, notices, session: this.session, mailbox: this.mailbox, reader: this.reader, scheduler: env.scheduler,
      opened: (form, mode) => startWithSignature(form, mode, this.settings.state.settings),
      composeFormat: () => this.settings.state.settings.compose_format,
      undoSeconds: () => this.settings.state.settings.undo_send_seconds,
      queued: (outcome, schedule) => this.outbox.queued(outcome, schedule) });
    this.events = new EventStore(() => api.eventsUrl(), env.eventSource);
    this.folders = new FolderStore(api, this.mailbox, notices, t, env.dialogs);
    this.notifications = new NotificationStore(env.notifier ?? null, storage, t);
    this.route = new RouteStore(location, this.mailbox, this.reader, this.compose);
    this.mailbox.openDraft = (uid) => void this.compose.editDraft(uid);
    this.settings = new SettingsStore(api, storage, notices, location);
    this.addressBook = new AddressBookStore(contacts, notices, location, this.compose);
    this.outbox = new OutboxStore(api, notices, this.language, location, (uid) => this.compose.editDraft(uid));
    this.receipts = new ReceiptsStore(location);
    this.followSettings();

    api.onUnauthorized = () => this.session.sessionLost();
    this.events.onChange = () => void this.mailChanged();
    this.reader.onOpened = (message) => {
      // Reading is a GET that changes nothing; marking read is this explicit request (then the counts).
      if (!message.flags.seen) void this.mailbox.setFlags({ seen: true }, [message.uid]);
    };
    // The tab's title shows the unread count of the inbox while signed in.
    for (const store of [this.language.store, this.session.store, this.mailbox.store]) store.subscribe(() => this.updateTitle());
    this.updateTitle();
  }

  /**
   * The settings apply at once, whichever browser changed them: language, list page size and
   * order, desktop notifications; and the old local switches (language, 새 메일 알림) write through
   * to the server. (Theme and reading pane are read by the components.)
   */
  private followSettings(): void {
    // The list follows a change of the settings, not every settings event: the order the user
    // picked in the list stays until the default order itself changes.
    let list = "";
    this.settings.store.subscribe(() => {
      const { settings, loaded } = this.settings.state;
      if (!loaded) return;
      if (settings.language !== this.language.state.language) this.language.setLanguage(settings.language);
      const listSettings = `${settings.page_size} ${settings.default_sort}`;
      if (listSettings !== list) {
        list = listSettings;
        void this.mailbox.applyListSettings(settings.page_size, settings.default_sort);
      }
      const notifying = this.notifications.state.enabled;
      if (settings.desktop_notifications && !notifying && this.notifications.state.permission === "granted") void this.notifications.enable();
      if (!settings.desktop_notifications && notifying) this.notifications.disable();
    });
    this.language.store.subscribe(() => {
      const { language } = this.language.state;
      if (this.settings.state.loaded && this.settings.state.settings.language !== language) void this.settings.update({ language });
    });
    this.notifications.store.subscribe(() => {
      const { enabled } = this.notifications.state;
      if (this.settings.state.loaded && this.settings.state.settings.desktop_notifications !== enabled) {
        void this.settings.update({ desktop_notifications: enabled });
      }
    });
  }

  /** A push event: counts and the first page again; new inbox mail may be a desktop notification. */
  async mailChanged(): Promise<void> {
    await this.mailbox.refresh();
    this.noteInbox();
  }

  private noteInbox(): void {
    this.notifications.inboxCounts(this.inboxCounts(), () => this.newestInbox());
  }

  /** The inbox's unread and total counts; null while signed out or before the folders loaded. */
  private inboxCounts(): { unseen: number; total: number } | null {
    const { folders } = this.mailbox.state;
    const inbox = folderByRole(folders, "inbox") ?? folders.find((f) => f.name.toUpperCase() === "INBOX");
    return this.session.state.session && inbox ? { unseen: inbox.unseen, total: inbox.total } : null;
  }

  /** "sender: subject" of the newest unread mail when the list shows the inbox ("" otherwise). */
  private newestInbox(): string {
    const { folders, folder, messages } = this.mailbox.state;
    if (folderByRole(folders, "inbox")?.name !== folder && folder.toUpperCase() !== "INBOX") return "";
    const newest = messages.find((m) => !m.flags.seen);
    return newest ? `${displayName(newest.from)}: ${newest.subject}` : "";
  }

  /** Shorthand for the translation in the current language. */
  readonly t: LanguageStore["t"] = (key, params) => this.language.t(key, params);

  /** Enter on the list: opens the message at the cursor; in Drafts it opens straight in compose. */
  openAtCursor(): void {
    const uid = this.mailbox.cursorUid();
    if (uid !== undefined) void (this.mailbox.inDrafts() ? this.compose.editDraft(uid) : this.mailbox.openMessage(uid));
  }

  private updateTitle(): void {
    const unseen = totalUnseen(this.mailbox.state.folders);
    const base = this.t("appName");
    const title = this.session.state.session && unseen > 0 ? `(${unseen}) ${this.t("inbox")} - ${base}` : base;
    if (title === this.title) return;
    this.title = title;
    this.env.setTitle?.(title);
  }
}
