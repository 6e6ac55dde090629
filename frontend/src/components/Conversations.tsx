// 대화형 보기 (issue 30): the list as one row per conversation, and the open conversation stacked
// oldest to newest (read ones one line each, the newest unread open). A lazy chunk: the start
// bundle only knows whether the mode is on. The store is threadStore; actions are the mailbox's.
import { createContext, useContext, useEffect, useState } from "react";
import type { Address, ThreadMessage, ThreadSummary } from "../api/types";
import type { Language } from "../lib/i18n";
import type { AppStores } from "../store/appStores";
import { ThreadStore } from "../store/threadStore";
import type { ReaderKit } from "./readerKit";

// The reader's pieces come from the start bundle through this context, not by import: a module
// both bundles import would be split out of the start bundle into chunks of its own, which
// compress worse (+2 KB at start measured), so this chunk imports only React and types.
const Kit = createContext<ReaderKit | null>(null);
function useKit(): ReaderKit {
  const kit = useContext(Kit);
  if (!kit) throw new Error("Conversations outside their kit");
  return kit;
}
// The thread store lives with this chunk (its code is not in the start bundle), one per AppStores.
const stores = new WeakMap<AppStores, ThreadStore>();
function threadStoreOf(app: AppStores): ThreadStore {
  let store = stores.get(app);
  if (!store) {
    store = new ThreadStore(app.api, app.mailbox, app.reader, (error) => app.notices.describe(error));
    stores.set(app, store);
  }
  return store;
}
/** The app's stores with `threads`, the store of this chunk. */
function useApp(): AppStores & { threads: ThreadStore } {
  const app = useKit().useApp();
  return Object.assign(Object.create(app) as AppStores, { threads: threadStoreOf(app) });
}

const words = {
  ko: { me: "나", conversations: "대화 목록", messagesIn: "메일 {count}개", unreadIn: "읽지 않음 {count}개", close: "목록으로", conversation: "대화" },
  en: { me: "me", conversations: "Conversations", messagesIn: "{count} messages", unreadIn: "{count} unread", close: "Back to list", conversation: "Conversation" },
};
type Word = keyof (typeof words)["ko"];

function useWords(): (key: Word, count?: number) => string {
  const app = useApp();
  const language: Language = app.language.use((s) => s.language);
  return (key, count = 0) => words[language][key].replace("{count}", String(count));
}

/** The participants as names, the user as 나, each once. */
export function participantNames(participants: (Address & { count?: number })[], me: string, meWord: string, displayName: (a: Address) => string): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const p of participants) {
    const key = p.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const name = key === me.toLowerCase() ? meWord : displayName(p);
    // The server counts each writer's messages; ×N says who carried the conversation.
    names.push(p.count && p.count > 1 ? `${name} ×${p.count}` : name);
  }
  return names.join(", ");
}

function ThreadRow({ thread, selected, open }: { thread: ThreadSummary; selected: boolean; open: boolean }) {
  const { displayName, formatListDate } = useKit();
  const app = useApp();
  const w = useWords();
  const language = app.language.use((s) => s.language);
  const me = app.session.use((s) => s.session?.email ?? "");
  const unread = thread.unseen > 0;
  const classes = ["row", "thread-row", unread ? "unseen" : "seen", selected ? "selected" : "", open ? "open" : ""];
  return (
    <div role="row" aria-selected={selected} className={classes.join(" ")} data-thread={thread.id} data-testid="thread-row" onClick={() => void app.threads.open(thread.id)}>
      <div role="gridcell" className="cell-check" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" aria-label={app.t("tickMessage")} checked={selected} onChange={() => app.threads.toggle(thread.id)} />
      </div>
      <div role="gridcell" className="cell-star">
        <button type="button" className={`star${thread.flagged ? " on" : ""}`} aria-pressed={thread.flagged} aria-label={thread.flagged ? app.t("unstar") : app.t("star")}
          onClick={(e) => {
            e.stopPropagation();
            void app.threads.toggleStar([thread.id]);
          }}>
          {thread.flagged ? "★" : "☆"}
        </button>
      </div>
      <div role="gridcell" className="cell-from" data-testid="thread-participants">
        {unread && <span className="visually-hidden">{app.t("unread")} </span>}
        {participantNames(thread.participants, me, w("me"), displayName)}
        {thread.count > 1 && (
          <span className="thread-count" aria-label={w("messagesIn", thread.count)} data-testid="thread-count">
            {" "}
            {thread.count}
          </span>
        )}
      </div>
      <div role="gridcell" className="cell-subject">
        <span className="subject-button">{thread.subject || app.t("noSubject")}</span>
        {unread && (
          <span className="thread-unseen" aria-label={w("unreadIn", thread.unseen)} data-testid="thread-unseen">
            {" "}
            ({thread.unseen})
          </span>
        )}
      </div>
      <div role="gridcell" className="cell-meta">
        {thread.has_attachments && (
          <span className="clip" role="img" aria-label={app.t("hasAttachment")}>
            📎
          </span>
        )}
        <time dateTime={thread.date ?? undefined}>{formatListDate(thread.date, new Date(), language)}</time>
      </div>
    </div>
  );
}

function ThreadActions() {
  const { MoveSelect, SpamButton } = useKit();
  const app = useApp();
  const selection = app.threads.use((s) => s.selection);
  // Subscribed to what targets() reads, and computed here: a selector returning a new array on
  // every call makes React re-render without end (error #185, a blank page).
  app.threads.use((s) => s.threads);
  if (selection.length === 0) return null;
  const uids = app.threads.targets();
  return (
    <div className="bulk" role="toolbar" aria-label={app.t("selectedCount", { count: selection.length })} data-testid="thread-actions">
      <span>{app.t("selectedCount", { count: selection.length })}</span>
      <button type="button" data-testid="thread-delete" onClick={() => void app.threads.remove({ delete: true })}>{app.t("delete")}</button>
      <button type="button" data-testid="thread-read" onClick={() => void app.threads.setSeen(true)}>{app.t("markRead")}</button>
      <button type="button" data-testid="thread-unread" onClick={() => void app.threads.setSeen(false)}>{app.t("markUnread")}</button>
      <button type="button" onClick={() => void app.threads.toggleStar()}>{app.t("star")}</button>
      <MoveSelect uids={uids} />
      <SpamButton uids={uids} />
    </div>
  );
}

export function ThreadList({ kit }: { kit: ReaderKit }) {
  const app = kit.useApp();
  // Mounted while 대화형 보기 is on: the store follows the mailbox's list only then.
  useEffect(() => {
    const threads = threadStoreOf(app);
    threads.setMode(true);
    return () => threads.setMode(false);
  }, [app]);
  return (
    <Kit.Provider value={kit}>
      <ThreadRows />
    </Kit.Provider>
  );
}

function ThreadRows() {
  const app = useApp();
  const w = useWords();
  const threads = app.threads.use((s) => s.threads);
  const selection = app.threads.use((s) => s.selection);
  const openId = app.threads.use((s) => s.openId);
  const total = app.threads.use((s) => s.total);
  const page = app.threads.use((s) => s.page);
  const loading = app.threads.use((s) => s.loading);
  const error = app.threads.use((s) => s.error);
  const pageSize = app.mailbox.use((s) => s.pageSize);
  const searching = app.mailbox.use((s) => s.query !== "");
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const chosen = new Set(selection);
  return (
    <div className="mail-list thread-list">
      <ThreadActions />
      {error && (
        <p className="error" role="alert" data-testid="list-error">
          {error}{" "}
          <button type="button" className="link-button" onClick={() => void app.threads.load()}>
            {app.t("retry")}
          </button>
        </p>
      )}
      {!loading && threads.length === 0 && !error && (
        <p className="empty" data-testid="list-empty">
          {app.t(searching ? "noResults" : "noMessages")}
        </p>
      )}
      {loading && threads.length === 0 && <p className="empty">{app.t("loading")}</p>}
      <div role="grid" aria-multiselectable="true" aria-label={w("conversations")} aria-busy={loading} aria-rowcount={total} className="rows" data-testid="thread-list">
        {threads.map((t) => (
          <ThreadRow key={t.id} thread={t} selected={chosen.has(t.id)} open={t.id === openId} />
        ))}
      </div>
      {total > 0 && (
        <footer className="pager">
          <button type="button" disabled={page <= 1} onClick={() => void app.threads.goToPage(page - 1)} aria-label={app.t("previousPage")}>
            ‹
          </button>
          <span data-testid="page-info">{app.t("pageInfo", { from, to, total })}</span>
          <button type="button" disabled={to >= total} onClick={() => void app.threads.goToPage(page + 1)} aria-label={app.t("nextPage")}>
            ›
          </button>
        </footer>
      )}
    </div>
  );
}

/** The message open at first: the newest unread, else the newest. */
export function firstExpanded(messages: ThreadMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (!messages[i].flags.seen) return i;
  return messages.length - 1;
}

function StackedMessage({ message, expanded, onToggle }: { message: ThreadMessage; expanded: boolean; onToggle: () => void }) {
  const { displayName, formatListDate, formatFullDate, fileAttachments, AttachmentList, HtmlBody, PlainText } = useKit();
  const app = useApp();
  const w = useWords();
  const language = app.language.use((s) => s.language);
  const me = app.session.use((s) => s.session?.email ?? "");
  const own = message.own ?? message.from?.email.toLowerCase() === me.toLowerCase();
  const sender = own ? w("me") : displayName(message.from);
  const source = { message, folder: message.folder };
  const files = fileAttachments(message);
  return (
    <article className={`stacked ${expanded ? "expanded" : "collapsed"}${own ? " own" : ""}`} data-uid={message.uid} data-testid="stacked-message" data-expanded={expanded || undefined}>
      <header className="stacked-head" onClick={onToggle} role="button" tabIndex={0} aria-expanded={expanded}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onToggle())}>
        <strong className="stacked-from" data-testid="stacked-from">{sender}</strong>
        {!expanded && <span className="preview"> {message.preview}</span>}
        <time dateTime={message.date ?? undefined}>{expanded ? formatFullDate(message.date, language) : formatListDate(message.date, new Date(), language)}</time>
      </header>
      {expanded && (
        <>
          <div className="actions" role="toolbar" aria-label={message.subject}>
            <button type="button" data-testid="stacked-reply" onClick={() => app.compose.open("reply", source)}>{app.t("reply")}</button>
            <button type="button" onClick={() => app.compose.open("replyAll", source)}>{app.t("replyAll")}</button>
            <button type="button" onClick={() => app.compose.open("forward", source)}>{app.t("forward")}</button>
          </div>
          {files.length > 0 && <AttachmentList message={message} files={files} />}
          {message.html ? <HtmlBody message={message} folder={message.folder} /> : <PlainText text={message.text ?? ""} />}
        </>
      )}
    </article>
  );
}

/** The view pane in 대화형 보기: the open conversation, else the reader as in the plain list. */
export function ThreadPane({ kit }: { kit: ReaderKit }) {
  const app = kit.useApp();
  const open = threadStoreOf(app).use((s) => s.openId !== null);
  return <Kit.Provider value={kit}>{open ? <Stack /> : <kit.MailView />}</Kit.Provider>;
}

function Stack() {
  const app = useApp();
  const w = useWords();
  const messages = app.threads.use((s) => s.messages);
  const loading = app.threads.use((s) => s.threadLoading);
  const error = app.threads.use((s) => s.threadError);
  const openId = app.threads.use((s) => s.openId);
  // Which messages are open; reset when another conversation opens.
  const [open, setOpen] = useState<{ id: string | null; uids: Set<string> }>({ id: null, uids: new Set() });
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (loading || messages.length === 0) return <p className="empty">{app.t("loading")}</p>;
  const keyOf = (m: ThreadMessage) => `${m.folder}\n${m.uid}`;
  const expanded = open.id === openId ? open.uids : new Set([keyOf(messages[firstExpanded(messages)])]);
  const toggle = (m: ThreadMessage) => {
    const next = new Set(expanded);
    if (!next.delete(keyOf(m))) next.add(keyOf(m));
    setOpen({ id: openId, uids: next });
  };
  const subject = messages[0].subject || app.t("noSubject");
  return (
    <section className="message thread-view" aria-label={w("conversation")} data-testid="thread-view">
      <div className="actions" role="toolbar" aria-label={subject}>
        <button type="button" className="back-button" onClick={() => app.threads.close()} data-testid="thread-close">
          {w("close")}
        </button>
        <button type="button" data-testid="thread-view-delete" onClick={() => void app.threads.remove({ delete: true })}>{app.t("delete")}</button>
        <button type="button" onClick={() => void app.threads.setSeen(false)}>{app.t("markUnread")}</button>
      </div>
      <h2 className="message-subject">{subject}</h2>
      {messages.map((m) => (
        <StackedMessage key={keyOf(m)} message={m} expanded={expanded.has(keyOf(m))} onToggle={() => toggle(m)} />
      ))}
    </section>
  );
}
