// Middle pane: one page of the folder (the server pages, so a 100,000-message folder costs the
// same as a small one), multi-select with shift/ctrl, star, bulk actions on the selection.
import { useEffect, useRef, type MouseEvent } from "react";
import type { MessageSummary } from "../api/types";
import { useApp } from "../context";
import { MoveSelect } from "./MoveSelect";
import { SpamButton } from "./SpamButton";
import { startMessageDrag } from "../lib/messageDrag";
import { displayName } from "../lib/address";
import { formatListDate } from "../lib/dateFormat";
import { PAGE_SIZE } from "../store/mailboxStore";

function Row({ message, selected, cursor, open }: { message: MessageSummary; selected: boolean; cursor: boolean; open: boolean }) {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (cursor) ref.current?.scrollIntoView({ block: "nearest" });
  }, [cursor]);
  const onClick = (event: MouseEvent) => {
    app.mailbox.click(message.uid, event.shiftKey ? "range" : event.ctrlKey || event.metaKey ? "toggle" : "none");
  };
  const subject = message.subject || app.t("noSubject");
  const classes = ["row", message.flags.seen ? "seen" : "unseen", selected ? "selected" : "", cursor ? "cursor" : "", open ? "open" : ""];
  return (
    <div
      ref={ref}
      role="row"
      aria-selected={selected}
      className={classes.join(" ")}
      data-uid={message.uid}
      data-testid="message-row"
      onClick={onClick}
      onDoubleClick={() => void app.compose.editDraft(message.uid)}
      draggable
      onDragStart={(e) => startMessageDrag(e, { folder: app.mailbox.state.folder, uids: app.mailbox.dragUids(message.uid) })}
    >
      <div role="gridcell" className="cell-star">
        <button
          type="button"
          className={`star${message.flags.flagged ? " on" : ""}`}
          aria-pressed={message.flags.flagged}
          aria-label={message.flags.flagged ? app.t("unstar") : app.t("star")}
          onClick={(e) => {
            e.stopPropagation();
            void app.mailbox.toggleStar([message.uid]);
          }}
        >
          {message.flags.flagged ? "★" : "☆"}
        </button>
      </div>
      <div role="gridcell" className="cell-from">
        {!message.flags.seen && <span className="visually-hidden">{app.t("unread")} </span>}
        {displayName(message.from)}
      </div>
      <div role="gridcell" className="cell-subject">
        <button type="button" className="subject-button" tabIndex={cursor ? 0 : -1} title={subject}>
          {subject}
        </button>
        {message.preview && <span className="preview"> {message.preview}</span>}
      </div>
      <div role="gridcell" className="cell-meta">
        {message.has_attachments && (
          <span className="clip" role="img" aria-label={app.t("hasAttachment")}>
            📎
          </span>
        )}
        <time dateTime={message.date ?? undefined}>{formatListDate(message.date, new Date(), language)}</time>
      </div>
    </div>
  );
}

function BulkActions() {
  const app = useApp();
  const selection = app.mailbox.use((s) => s.selection);
  if (selection.length < 2) return null;
  return (
    <div className="bulk" role="toolbar" aria-label={app.t("selectedCount", { count: selection.length })}>
      <span>{app.t("selectedCount", { count: selection.length })}</span>
      <button type="button" onClick={() => void app.mailbox.deleteMessages()}>
        {app.t("delete")}
      </button>
      <button type="button" onClick={() => void app.mailbox.setFlags({ seen: true })}>
        {app.t("markRead")}
      </button>
      <button type="button" onClick={() => void app.mailbox.markUnread()}>
        {app.t("markUnread")}
      </button>
      <button type="button" onClick={() => void app.mailbox.toggleStar()}>
        {app.t("star")}
      </button>
      <MoveSelect />
      <SpamButton />
    </div>
  );
}

export function MailList() {
  const app = useApp();
  const messages = app.mailbox.use((s) => s.messages);
  const selection = app.mailbox.use((s) => s.selection);
  const cursor = app.mailbox.use((s) => s.cursor);
  const openUid = app.reader.use((s) => s.openUid);
  const total = app.mailbox.use((s) => s.total);
  const page = app.mailbox.use((s) => s.page);
  const loading = app.mailbox.use((s) => s.listLoading);
  const error = app.mailbox.use((s) => s.listError);
  const searching = app.mailbox.use((s) => s.query !== "");
  app.language.use((s) => s.language);
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  const selected = new Set(selection);
  return (
    <div className="mail-list">
      <BulkActions />
      {error && (
        <p className="error" role="alert" data-testid="list-error">
          {error}{" "}
          <button type="button" className="link-button" onClick={() => void app.mailbox.loadList()}>
            {app.t("retry")}
          </button>
        </p>
      )}
      {/* Empty and loading states sit at the top of the pane, where the rows would be. */}
      {!loading && messages.length === 0 && !error && (
        <p className="empty" data-testid="list-empty">
          {app.t(searching ? "noResults" : "noMessages")}
        </p>
      )}
      {loading && messages.length === 0 && <p className="empty">{app.t("loading")}</p>}
      <div role="grid" aria-multiselectable="true" aria-label={app.t("messages")} aria-busy={loading} aria-rowcount={total} aria-keyshortcuts="j k Enter" className="rows" data-testid="message-list">
        {messages.map((m, i) => (
          <Row key={m.uid} message={m} selected={selected.has(m.uid)} cursor={i === cursor} open={m.uid === openUid} />
        ))}
      </div>
      {total > 0 && (
        <footer className="pager">
          <button type="button" disabled={page <= 1} onClick={() => void app.mailbox.goToPage(page - 1)} aria-label={app.t("previousPage")}>
            ‹
          </button>
          <span data-testid="page-info">{app.t("pageInfo", { from, to, total })}</span>
          <button type="button" disabled={to >= total} onClick={() => void app.mailbox.goToPage(page + 1)} aria-label={app.t("nextPage")}>
            ›
          </button>
        </footer>
      )}
    </div>
  );
}
