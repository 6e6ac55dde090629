// Middle pane: one page of the folder (the server pages and sorts, so a 100,000-message folder
// costs the same as a small one), checkboxes and multi-select with shift/ctrl up to "all N in this
// folder/search", order and filter, star, bulk actions on the selection. On a touch screen a long
// press on a row starts selecting it, and then taps tick and untick rows until none is ticked.
import { useEffect, useRef, useState, type MouseEvent } from "react";
import type { ListFilter, MessageSummary, SortField } from "../api/types";
import { useApp } from "../context";
import { Icon, type ICONS } from "./Icon";
import { MoveSelect } from "./MoveSelect";
import { SpamButton } from "./SpamButton";
import { startMessageDrag } from "../lib/messageDrag";
import { displayName } from "../lib/address";
import { formatListDate } from "../lib/dateFormat";
import { LongPress } from "../lib/longPress";
import { hasFields } from "../lib/searchQuery";
import { findFolder, roleLabelKey } from "../lib/folders";
import type { MessageKey } from "../lib/i18n";

const sortLabels: Record<SortField, MessageKey> = { received: "sortReceived", sent: "sortSent", from: "sortFrom", subject: "sortSubject", size: "sortSize" };
const filters: [ListFilter | null, MessageKey][] = [[null, "filterAll"], ["unread", "filterUnread"], ["flagged", "filterFlagged"]];

/** The list header: select the page, order, filter, 모두 읽음. */
function ListTools() {
  const app = useApp();
  const { sort, order, filter, messages, selection } = app.mailbox.use((s) => s);
  const pageChosen = messages.length > 0 && messages.every((m) => selection.includes(m.uid));
  const someChosen = !pageChosen && messages.some((m) => selection.includes(m.uid));
  return (
    <div className="list-tools" data-testid="list-tools">
      <input
        type="checkbox"
        aria-label={app.t("selectPage")}
        data-testid="select-page"
        checked={pageChosen}
        ref={(box) => box && (box.indeterminate = someChosen)}
        onChange={() => app.mailbox.toggleAllOnPage()}
      />
      <label>
        <span className="visually-hidden">{app.t("sortBy")}</span>
        <select data-testid="sort" value={sort} onChange={(e) => void app.mailbox.setSort(e.target.value as SortField)}>
          {(Object.keys(sortLabels) as SortField[]).map((field) => (
            <option key={field} value={field}>
              {app.t(sortLabels[field])}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="icon-button"
        data-testid="sort-order"
        aria-label={app.t(order === "desc" ? "orderDesc" : "orderAsc")}
        title={app.t(order === "desc" ? "orderDesc" : "orderAsc")}
        onClick={() => void app.mailbox.setSort(sort, order === "desc" ? "asc" : "desc")}
      >
        {order === "desc" ? "↓" : "↑"}
      </button>
      <span role="group" aria-label={app.t("filterBy")} className="filters">
        {filters.map(([value, label]) => (
          <button key={label} type="button" className="link-button" aria-pressed={filter === value} data-testid={`filter-${value ?? "all"}`} onClick={() => void app.mailbox.setFilter(value)}>
            {app.t(label)}
          </button>
        ))}
      </span>
      <button type="button" className="link-button" data-testid="mark-all-read" onClick={() => void app.mailbox.markAllRead()}>
        {app.t("markAllRead")}
      </button>
    </div>
  );
}

/** Gmail's banner: the page is chosen → offer all N of the folder/search; all chosen → say so. */
function SelectAllBanner() {
  const app = useApp();
  const { messages, selection, allSelected, total, folder } = app.mailbox.use((s) => s);
  const pageChosen = messages.length > 0 && messages.every((m) => selection.includes(m.uid));
  if (!pageChosen || total <= messages.length) return null;
  const folderName = app.mailbox.folderLabel(folder);
  return (
    <p className="select-all" data-testid="select-all-banner">
      {allSelected ? app.t("allInListSelected", { count: total, folder: folderName }) : app.t("pageSelected", { count: messages.length })}{" "}
      <button type="button" className="link-button" data-testid="select-all-toggle" onClick={() => (allSelected ? app.mailbox.clearSelection() : app.mailbox.selectAllInList())}>
        {allSelected ? app.t("clearSelection") : app.t("selectAllInList", { count: total, folder: folderName })}
      </button>
    </p>
  );
}

interface RowProps {
  message: MessageSummary;
  selected: boolean;
  cursor: boolean;
  open: boolean;
  /** Started by a long press: a tap ticks or unticks the row instead of opening it. */
  touchSelecting: boolean;
  onLongPress: () => void;
}

/** The folder of an all-folders search's row, by the name the folder tree shows. */
function FolderChip({ folder }: { folder: string }) {
  const app = useApp();
  const known = app.mailbox.use((s) => findFolder(s.folders, folder));
  const key = known?.role ? roleLabelKey(known.role) : null;
  return (
    <span className="folder-chip" data-testid="folder-chip">
      {key ? app.t(key) : folder}
    </span>
  );
}

function Row({ message, selected, cursor, open, touchSelecting, onLongPress }: RowProps) {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const ref = useRef<HTMLDivElement>(null);
  const longPressed = useRef(onLongPress);
  longPressed.current = onLongPress;
  const [press] = useState(
    () =>
      new LongPress(() => {
        app.mailbox.click(message.uid, "toggle");
        longPressed.current();
      }),
  );
  useEffect(() => () => press.cancel(), [press]);
  useEffect(() => {
    if (cursor) ref.current?.scrollIntoView({ block: "nearest" });
  }, [cursor]);
  // A row of a search of all folders: it opens in its own folder, and is not acted on from here.
  const elsewhere = message.folder !== undefined;
  const onClick = (event: MouseEvent) => {
    if (elsewhere) return void app.mailbox.openRow(message);
    if (press.takeFired()) return; // the click that ends a long press
    if (touchSelecting) return app.mailbox.click(message.uid, "toggle");
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
      onPointerDown={(e) => {
        // A finger held on a draggable row would start the browser's touch drag (and cancel the long
        // press): rows are dragged onto folders by mouse only.
        e.currentTarget.draggable = e.pointerType === "mouse";
        press.down(e);
      }}
      onPointerMove={(e) => press.move(e)}
      onPointerUp={() => press.cancel()}
      onPointerCancel={() => press.cancel()}
      onPointerLeave={() => press.cancel()}
      onContextMenu={(e) => {
        if (touchSelecting || (e.nativeEvent as PointerEvent).pointerType === "touch") e.preventDefault(); // not the browser's menu
      }}
      onDoubleClick={() => !elsewhere && app.mailbox.inDrafts() && void app.compose.editDraft(message.uid)}
      draggable={!elsewhere}
      onDragStart={(e) => startMessageDrag(e, { folder: app.mailbox.state.folder, uids: app.mailbox.dragUids(message.uid) })}
    >
      <div
        role="gridcell"
        className="cell-check"
        onClick={(e) => {
          e.stopPropagation();
          // The whole 44 px cell ticks the row (on a phone the box itself is too small a target).
          if (e.target === e.currentTarget) app.mailbox.click(message.uid, e.shiftKey ? "range" : "toggle");
        }}
      >
        <input
          type="checkbox"
          disabled={elsewhere}
          aria-label={app.t("tickMessage")}
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => app.mailbox.click(message.uid, e.shiftKey ? "range" : "toggle")}
        />
      </div>
      <div role="gridcell" className="cell-star">
        <button
          type="button"
          className={`star${message.flags.flagged ? " on" : ""}`}
          aria-pressed={message.flags.flagged}
          disabled={elsewhere}
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
        {/* A link to the message's URL: a middle click (or the link's menu) opens it in a new tab.
            Every left click is the row's: open here, and ctrl/shift select as anywhere on the row
            (ctrl-click was already multi-select, and the subject is most of the row). */}
        {elsewhere && <FolderChip folder={message.folder ?? ""} />}
        <a
          className="subject-button"
          href={app.route.messageHref(message.uid, message.folder)}
          draggable={false}
          tabIndex={cursor ? 0 : -1}
          title={subject}
          onClick={(e) => e.preventDefault()}
        >
          {subject}
        </a>
        {message.preview && <span className="preview"> {message.preview}</span>}
      </div>
      <div role="gridcell" className="cell-meta">
        {message.flags.answered && (
          <span className="mark" role="img" aria-label={app.t("answeredMark")} title={app.t("answeredMark")} data-testid="answered-mark">
            ↩
          </span>
        )}
        {message.flags.forwarded && (
          <span className="mark" role="img" aria-label={app.t("forwardedMark")} title={app.t("forwardedMark")} data-testid="forwarded-mark">
            ↪
          </span>
        )}
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

/** A button of the selection's bar: its words, or on a phone its icon (the words still its label). */
function BulkButton({ icon, label, onClick }: { icon: keyof typeof ICONS; label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={label} title={label} data-testid={`bulk-${icon}`} onClick={onClick}>
      <Icon name={icon} />
      <span className="bulk-label">{label}</span>
    </button>
  );
}

function BulkActions() {
  const app = useApp();
  const selection = app.mailbox.use((s) => s.selection);
  const count = app.mailbox.use((s) => (s.allSelected ? s.total : s.selection.length));
  const opened = app.reader.use((s) => s.openUid);
  // Two or more, or one ticked without opening it (a plain click opens the message instead).
  if (selection.length < 2 && (selection.length === 0 || selection[0] === opened)) return null;
  return (
    <div className="bulk" role="toolbar" aria-label={app.t("selectedCount", { count })}>
      <span>{app.t("selectedCount", { count })}</span>
      <BulkButton icon="delete" label={app.t("delete")} onClick={() => void app.mailbox.deleteMessages()} />
      <BulkButton icon="markRead" label={app.t("markRead")} onClick={() => void app.mailbox.setFlags({ seen: true })} />
      <BulkButton icon="markUnread" label={app.t("markUnread")} onClick={() => void app.mailbox.markUnread()} />
      <BulkButton icon="star" label={app.t("star")} onClick={() => void app.mailbox.toggleStar()} />
      <MoveSelect />
      <SpamButton icons />
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
  const pageSize = app.mailbox.use((s) => s.pageSize);
  const loading = app.mailbox.use((s) => s.listLoading);
  const error = app.mailbox.use((s) => s.listError);
  const searching = app.mailbox.use((s) => s.query !== "" || hasFields(s.fields));
  app.language.use((s) => s.language);
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const selected = new Set(selection);
  const [touchSelecting, setTouchSelecting] = useState(false);
  useEffect(() => {
    if (selection.length === 0) setTouchSelecting(false); // the last row unticked ends it
  }, [selection.length]);
  return (
    <div className="mail-list" data-touch-selecting={touchSelecting || undefined}>
      <ListTools />
      <BulkActions />
      <SelectAllBanner />
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
          <Row
            key={`${m.folder ?? ""}/${m.uid}`}
            message={m}
            selected={selected.has(m.uid)}
            cursor={i === cursor}
            open={m.uid === openUid}
            touchSelecting={touchSelecting}
            onLongPress={() => setTouchSelecting(true)}
          />
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
