// The three panes (folders | list | message), the top bar, the compose modal and the keyboard
// shortcuts. At phone width only one pane shows at a time (state.pane decides which).
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Compose } from "../components/Compose";
import { FolderTree } from "../components/FolderTree";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { MailList } from "../components/MailList";
import { MailView } from "../components/MailView";
import { useMailStore } from "../context";
import { useMail, type MailStore } from "../store/mailStore";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** One key → one action; returns false for keys that are not shortcuts. */
function runShortcut(mail: MailStore, key: string, focusSearch: () => void): boolean {
  const s = mail.state;
  switch (key) {
    case "j":
      mail.moveCursor(1);
      return true;
    case "k":
      mail.moveCursor(-1);
      return true;
    case "Enter":
      mail.openAtCursor();
      return true;
    case "r":
      if (s.message) mail.openCompose("reply");
      return !!s.message;
    case "a":
      if (s.message) mail.openCompose("replyAll");
      return !!s.message;
    case "f":
      if (s.message) mail.openCompose("forward");
      return !!s.message;
    case "c":
      mail.openCompose("new");
      return true;
    case "Delete":
    case "#":
      void mail.deleteMessages();
      return true;
    case "s":
      void mail.toggleStar();
      return true;
    case "u":
      void mail.markUnread();
      return true;
    case "/":
      focusSearch();
      return true;
    case "Escape":
      if (s.openUid !== null) mail.closeMessage();
      return true;
    default:
      return false;
  }
}

export function Mail() {
  const mail = useMailStore();
  const email = useMail(mail, (s) => s.session?.email ?? "");
  const pane = useMail(mail, (s) => s.pane);
  const composing = useMail(mail, (s) => s.compose !== null);
  const query = useMail(mail, (s) => s.query);
  const notices = useMail(mail, (s) => s.notices);
  useMail(mail, (s) => s.language);
  const [searchText, setSearchText] = useState(query);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => setSearchText(query), [query]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (mail.state.compose) return; // the modal handles its own keys
      if (isTyping(event.target)) {
        if (event.key === "Escape" && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      if (runShortcut(mail, event.key, () => searchRef.current?.focus())) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [mail]);

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    void mail.search(searchText.trim());
  };

  return (
    <div className="mail-app" data-pane={pane}>
      <header className="topbar">
        <button type="button" className="icon-button folders-toggle" aria-label={mail.t("showFolders")} onClick={() => mail.setPane(pane === "folders" ? "list" : "folders")}>
          ☰
        </button>
        <h1 className="brand">{mail.t("appName")}</h1>
        <form role="search" className="search" onSubmit={submitSearch}>
          <label htmlFor="search-input" className="visually-hidden">
            {mail.t("search")}
          </label>
          <input
            id="search-input"
            ref={searchRef}
            type="search"
            placeholder={mail.t("searchPlaceholder")}
            aria-keyshortcuts="/"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          {query && (
            <button type="button" className="link-button" onClick={() => void mail.search("")}>
              {mail.t("clearSearch")}
            </button>
          )}
        </form>
        <button type="button" className="primary compose-button" onClick={() => mail.openCompose("new")} aria-keyshortcuts="c" data-testid="compose">
          {mail.t("compose")}
        </button>
        <span className="user" title={email}>
          {email}
        </span>
        <LanguageSwitch />
        <button type="button" className="link-button" onClick={() => void mail.logout()}>
          {mail.t("logout")}
        </button>
      </header>
      <div className="panes">
        <nav className="pane pane-folders" aria-label={mail.t("folders")}>
          <FolderTree />
        </nav>
        <section className="pane pane-list" aria-label={mail.t("messages")}>
          <MailList />
        </section>
        <section className="pane pane-view" aria-label={mail.t("messageBody")}>
          <MailView />
        </section>
      </div>
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.tone}`} data-testid="notice">
            <span>{n.text}</span>
            <button type="button" className="icon-button" aria-label={mail.t("close")} onClick={() => mail.dismissNotice(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
      {composing && <Compose />}
    </div>
  );
}
