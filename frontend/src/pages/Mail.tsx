// The three panes (folders | list | message), the top bar, the docked compose windows and the keyboard
// shortcuts (lib/shortcuts: ? lists them; they work with a Korean input method on). At phone width
// only one pane shows at a time (the reader store's pane decides which).
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from "react";
import { ComposeDock } from "../components/ComposeDock";
import { Countdown } from "../components/Countdown";
import { EmptyFolderBar } from "../components/EmptyFolderBar";
import { FolderTree } from "../components/FolderTree";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { MailList } from "../components/MailList";
import { MailView } from "../components/MailView";
import { readerKit } from "../components/readerKit";
import { NotificationToggle } from "../components/NotificationToggle";
import { ShortcutHelp } from "../components/ShortcutHelp";
import { useApp } from "../context";
import { hasFields } from "../lib/searchQuery";
import { shortcutKey } from "../lib/shortcuts";
import type { AppStores } from "../store/appStores";
import { isJunkFolder } from "../store/mailboxStore";
import { koreanToday, vacationActive } from "../store/vacationStatusStore";

/** 상세 검색: its own chunk, loaded when first opened. */
const SearchPanel = lazy(() => import("../components/SearchPanel"));
/** 부재중 자동응답이 켜져 있습니다: its own chunk, loaded only while the reply is on. */
const VacationBanner = lazy(() => import("../components/VacationBanner"));
/** 대화형 보기: the conversation list and the stacked reader, one chunk loaded when the mode is on. */
const ThreadList = lazy(() => import("../components/Conversations").then((m) => ({ default: m.ThreadList })));
const ThreadPane = lazy(() => import("../components/Conversations").then((m) => ({ default: m.ThreadPane })));

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Keys typed in a compose window are the window's (Esc closes it), never the list's shortcuts. */
function inCompose(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(".compose") !== null;
}

/** One key → one action; returns false for keys that are not shortcuts. */
function runShortcut(app: AppStores, key: string, focusSearch: () => void, showHelp: () => void): boolean {
  const { mailbox, reader, compose } = app;
  const { message, openUid } = reader.state;
  switch (key) {
    case "j":
      mailbox.moveCursor(1);
      return true;
    case "k":
      mailbox.moveCursor(-1);
      return true;
    case "Enter":
      app.openAtCursor();
      return true;
    case "r":
      // 환경설정 default_reply: r is 전체 답장 for those who chose it (a stays reply all).
      if (message) compose.open(app.settings.state.settings.default_reply === "reply_all" ? "replyAll" : "reply");
      return !!message;
    case "a":
      if (message) compose.open("replyAll");
      return !!message;
    case "f":
      if (message) compose.open("forward");
      return !!message;
    case "c":
      compose.open("new");
      return true;
    case "Delete":
    case "#":
      void mailbox.deleteMessages();
      return true;
    case "!":
      // 스팸 신고 of the selection or the open message; in 스팸함 itself there is nothing to report.
      if (isJunkFolder(mailbox.state)) return false;
      void mailbox.reportSpam(true);
      return true;
    case "s":
      void mailbox.toggleStar();
      return true;
    case "u":
      void mailbox.markUnread();
      return true;
    case "/":
      focusSearch();
      return true;
    case "?":
      showHelp();
      return true;
    case "Escape":
      if (openUid !== null) reader.close();
      return true;
    default:
      return false;
  }
}

export function Mail() {
  const app = useApp();
  const email = app.session.use((s) => s.session?.email ?? "");
  const pane = app.reader.use((s) => s.pane);
  const readingPane = app.settings.use((s) => s.settings.reading_pane);
  const vacationOn = app.vacation.use((s) => s.available && vacationActive(s.vacation, koreanToday()));
  const threadsOn = app.settings.use((s) => s.settings.conversation_view);
  // An open conversation shows the view pane with no message in the reader.
  const messageOpen = app.reader.use((s) => s.openUid !== null || (threadsOn && s.pane === "view"));
  const query = app.mailbox.use((s) => s.query);
  const searching = app.mailbox.use((s) => s.query !== "" || hasFields(s.fields));
  const [panelOpen, setPanelOpen] = useState(false);
  const notices = app.notices.use((s) => s.notices);
  app.language.use((s) => s.language);
  const [searchText, setSearchText] = useState(query);
  const [helpOpen, setHelpOpen] = useState(false);
  const helpShown = useRef(false);
  helpShown.current = helpOpen;
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => setSearchText(query), [query]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (helpShown.current || inCompose(event.target)) return; // a compose window and the ? sheet handle their own keys
      if (isTyping(event.target)) {
        if (event.key === "Escape" && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      // Enter on 주소록에 추가 (a button beside an address of the open message) is that button's own, not "open at the cursor".
      if (event.key === "Enter" && event.target instanceof Element && event.target.closest(".add-contact")) return;
      if (runShortcut(app, shortcutKey(event), () => searchRef.current?.focus(), () => setHelpOpen(true))) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [app]);

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    void app.mailbox.search(searchText.trim());
  };

  return (
    <div className="mail-app" data-pane={pane}>
      <header className="topbar">
        <button type="button" className="icon-button folders-toggle" aria-label={app.t("showFolders")} onClick={() => app.reader.setPane(pane === "folders" ? "list" : "folders")}>
          ☰
        </button>
        <h1 className="brand">{app.t("appName")}</h1>
        <form role="search" className="search" onSubmit={submitSearch}>
          <label htmlFor="search-input" className="visually-hidden">
            {app.t("search")}
          </label>
          <input
            id="search-input"
            ref={searchRef}
            type="search"
            placeholder={app.t("searchPlaceholder")}
            aria-keyshortcuts="/"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          <button type="button" className="link-button" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)} data-testid="advanced-search">
            {app.t("advancedSearch")}
          </button>
          {searching && (
            <button type="button" className="link-button" onClick={() => void app.mailbox.search("")}>
              {app.t("clearSearch")}
            </button>
          )}
        </form>
        {panelOpen && (
          <Suspense fallback={null}>
            <SearchPanel onClose={() => setPanelOpen(false)} />
          </Suspense>
        )}
        <button type="button" className="primary compose-button" onClick={() => app.compose.open("new")} aria-keyshortcuts="c" data-testid="compose">
          {app.t("compose")}
        </button>
        <span className="user" title={email}>
          {email}
        </span>
        <NotificationToggle />
        <LanguageSwitch />
        <button type="button" className="link-button" onClick={() => app.addressBook.openPage()} data-testid="open-address-book">
          {app.t("addressBook")}
        </button>
        <button type="button" className="link-button" onClick={() => app.settings.openPage()} data-testid="open-settings">
          {app.t("settings")}
        </button>
        <button type="button" className="link-button" onClick={() => void app.session.logout()}>
          {app.t("logout")}
        </button>
      </header>
      {vacationOn && (
        <Suspense fallback={null}>
          <VacationBanner />
        </Suspense>
      )}
      <div className={`panes reading-${readingPane} reading-${messageOpen ? "open" : "closed"}`} data-testid="panes">
        <nav className="pane pane-folders" aria-label={app.t("folders")}>
          <FolderTree />
        </nav>
        <section className="pane pane-list" aria-label={app.t("messages")}>
          <EmptyFolderBar />
          {threadsOn ? <Suspense fallback={null}><ThreadList kit={readerKit} /></Suspense> : <MailList />}
        </section>
        <section className="pane pane-view" aria-label={app.t("messageBody")}>
          {threadsOn ? <Suspense fallback={null}><ThreadPane kit={readerKit} /></Suspense> : <MailView />}
        </section>
      </div>
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.tone}`} data-testid="notice">
            <span>{n.until ? <Countdown text={n.text} until={n.until} /> : n.text}</span>
            {n.action && (
              <button
                type="button"
                className="link-button"
                data-testid="notice-action"
                onClick={() => {
                  app.notices.dismiss(n.id);
                  void n.action?.run();
                }}
              >
                {n.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label={app.t("close")} onClick={() => app.notices.dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
      <ComposeDock />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
