// 예약 메일 (/o/): the mails waiting in the server's outbox, soonest first, each with 수정 (back to
// compose), 시간 변경, 취소 (back to Drafts) and 지금 보내기. A lazy chunk of its own (the compose
// windows beside it are App's: importing them here would split them out of the start bundle).
import { useEffect, useMemo, useState } from "react";
import type { OutboxEntry } from "../api/outboxApi";
import { useApp } from "../context";
import { formatSendTime, fromLocalInput } from "../lib/sendTimes";
import { OutboxList } from "../store/outboxList";
import { outboxText, type OutboxTextKey } from "./outboxText";

export function OutboxPage() {
  const app = useApp();
  const list = useMemo(() => new OutboxList(app.outbox), [app]);
  const entries = app.outbox.use((s) => s.entries);
  const loaded = app.outbox.use((s) => s.loaded);
  const notices = app.notices.use((s) => s.notices);
  const language = app.language.use((s) => s.language);
  const t = (key: OutboxTextKey) => outboxText(language, key);
  useEffect(() => void list.load(), [list]);
  return (
    <div className="outbox-page" style={{ padding: "0 1rem" }} data-testid="outbox-page">
      <header className="topbar">
        <button type="button" className="link-button" onClick={() => app.outbox.closePage()} data-testid="close-outbox">
          ← {t("back")}
        </button>
        <h1 className="brand">{app.t("outbox")}</h1>
      </header>
      {loaded && entries.length === 0 && <p className="empty" data-testid="outbox-empty">{t("empty")}</p>}
      <ul className="outbox-list" style={{ listStyle: "none", padding: 0 }}>
        {entries.map((entry) => (
          <OutboxRow key={entry.id} entry={entry} list={list} t={t} />
        ))}
      </ul>
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.tone}`} data-testid="notice">
            <span>{n.text}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

const ROW = { display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center", padding: "0.5rem 0", borderBottom: "1px solid var(--border, #ddd)" } as const;

function OutboxRow({ entry, list, t }: { entry: OutboxEntry; list: OutboxList; t: (key: OutboxTextKey) => string }) {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const [moving, setMoving] = useState(false);
  const [picked, setPicked] = useState("");
  return (
    <li className="outbox-row" style={ROW} data-testid="outbox-row" data-id={entry.id}>
      <span className="subject" style={{ fontWeight: 600, flex: "1 1 12rem" }}>{entry.subject || t("noSubject")}</span>
      <span className="recipients">{entry.recipients.join(", ")}</span>
      <time dateTime={entry.send_at}>{formatSendTime(Date.parse(entry.send_at), language)}</time>
      <button type="button" onClick={() => void list.edit(entry.id)} data-testid="outbox-edit">
        {t("edit")}
      </button>
      <button type="button" onClick={() => setMoving(!moving)} data-testid="outbox-reschedule">
        {t("reschedule")}
      </button>
      <button type="button" onClick={() => void list.cancel(entry.id)} data-testid="outbox-cancel">
        {t("cancel")}
      </button>
      <button type="button" onClick={() => void list.sendNow(entry.id)} data-testid="outbox-send-now">
        {t("sendNow")}
      </button>
      {moving && (
        <span>
          <input type="datetime-local" value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="outbox-time" />
          <button
            type="button"
            disabled={!picked}
            data-testid="outbox-time-save"
            onClick={() => {
              const at = fromLocalInput(picked);
              if (at !== null) void list.reschedule(entry.id, at).then(() => setMoving(false));
            }}
          >
            {t("scheduleAt")}
          </button>
        </span>
      )}
    </li>
  );
}
