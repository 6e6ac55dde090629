// 수신확인 (/r/): the user's newest sent mail with how many recipients read it (2/3 읽음), asked
// when the view opens and on 새로고침 (never polled). A lazy chunk with a store of its own.
import { useEffect, useMemo } from "react";
import { useApp } from "../context";
import { SentReceipts } from "../store/receiptsData";
import { receiptsText, receiptsTime, type ReceiptsTextKey } from "./receiptsText";

export function ReceiptsPage() {
  const app = useApp();
  const sent = useMemo(() => new SentReceipts(app.api, (error) => app.notices.describe(error)), [app]);
  const { overview, loading, error } = sent.use((s) => s);
  const language = app.language.use((s) => s.language);
  const t = (key: ReceiptsTextKey, params?: Record<string, string | number>) => receiptsText(language, key, params);
  useEffect(() => void sent.load(1), [sent]);
  const page = overview?.page ?? 1;
  return (
    <div className="receipts-page" style={{ padding: "0 1rem" }} data-testid="receipts-page">
      <header className="topbar">
        <button type="button" className="link-button" onClick={() => app.receipts.togglePage(false)} data-testid="close-receipts">
          ← {t("back")}
        </button>
        <h1 className="brand">{t("title")}</h1>
        <button type="button" disabled={loading} onClick={() => void sent.load()} data-testid="receipts-page-refresh">
          {t("refresh")}
        </button>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {loading && !overview && <p className="empty">{t("loading")}</p>}
      {overview && overview.messages.length === 0 && <p className="empty">{t("empty")}</p>}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {overview?.messages.map((m) => (
          <li key={m.uid} data-testid="receipts-row" data-uid={m.uid} style={{ display: "flex", gap: "0.75rem", padding: "0.5rem 0", borderBottom: "1px solid var(--border, #ddd)" }}>
            <span style={{ flex: "1 1 12rem", fontWeight: 600 }}>{m.subject || t("noSubject")}</span>
            <time dateTime={m.date ?? undefined}>{receiptsTime(m.date, language)}</time>
            <span data-testid="receipts-count">{t("counts", { read: m.read, total: m.recipients })}</span>
            {m.recalled && <span>{t("recalled")}</span>}
          </li>
        ))}
      </ul>
      <nav>
        <button type="button" disabled={loading || page <= 1} onClick={() => void sent.load(page - 1)}>
          {t("previous")}
        </button>{" "}
        <button type="button" disabled={loading || !overview?.has_more} onClick={() => void sent.load(page + 1)}>
          {t("next")}
        </button>
      </nav>
    </div>
  );
}
