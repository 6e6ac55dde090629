// 수신확인 in the reader, for a message of the user's Sent (a lazy chunk: MailView mounts it only
// there and only when the server offers it). Each recipient with 읽음 (time) / 안읽음 / 삭제됨 /
// 외부, 새로고침, and 발송취소 behind a confirmation that names who can be recalled and says that
// external recipients cannot.
import { useEffect, useMemo } from "react";
import type { Receipt } from "../api/receiptsApi";
import { useApp } from "../context";
import { MessageReceipts } from "../store/receiptsData";
import { receiptsText, receiptsTime, type ReceiptsTextKey } from "../pages/receiptsText";

export default function ReceiptsPanel({ uid, folder }: { uid: number; folder: string }) {
  const app = useApp();
  const receipts = useMemo(() => new MessageReceipts(app.api, uid, folder, (error) => app.notices.describe(error)), [app, uid, folder]);
  const state = receipts.use((s) => s);
  const language = app.language.use((s) => s.language);
  const t = (key: ReceiptsTextKey, params?: Record<string, string | number>) => receiptsText(language, key, params);
  useEffect(() => void receipts.load(), [receipts]);
  const label = (r: Receipt) =>
    r.status === "read" && r.read_at ? t("readAt", { time: receiptsTime(r.read_at, language) }) : t(r.status);
  const recallable = receipts.recallable();
  const external = state.recipients.filter((r) => !r.internal).map((r) => r.email);
  return (
    <section className="receipts-panel" aria-label={t("title")} data-testid="receipts-panel">
      <h3>
        {t("title")}{" "}
        <button type="button" className="link-button" disabled={state.loading} onClick={() => void receipts.load()} data-testid="receipts-refresh">
          {t("refresh")}
        </button>{" "}
        <button type="button" disabled={state.loading || state.recipients.length === 0} onClick={() => receipts.confirm(true)} data-testid="recall">
          {t("recall")}
        </button>
      </h3>
      {state.recalled && <p data-testid="receipts-recalled">{t("recalledNote")}</p>}
      {state.loading && state.recipients.length === 0 && <p className="empty">{t("loading")}</p>}
      {state.error && <p className="error" role="alert">{state.error}</p>}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {state.recipients.map((r) => (
          <li key={r.email} data-testid="receipt" data-email={r.email} data-status={r.status}>
            {r.email} — <span className={`receipt-${r.status}`}>{label(r)}</span>
          </li>
        ))}
      </ul>
      {state.confirming && (
        <div role="dialog" aria-modal="true" aria-label={t("recallTitle")} className="recall-confirm" data-testid="recall-confirm">
          <p>{t("recallTitle")}</p>
          <p data-testid="recall-who">{recallable.length > 0 ? t("recallWho", { who: recallable.join(", ") }) : t("recallNobody")}</p>
          {external.length > 0 && <p data-testid="recall-external">{t("recallExternal", { who: external.join(", ") })}</p>}
          <button type="button" className="primary" disabled={recallable.length === 0} onClick={() => void receipts.recall()} data-testid="recall-confirm-button">
            {t("recallConfirm")}
          </button>{" "}
          <button type="button" onClick={() => receipts.confirm(false)}>
            {t("recallCancel")}
          </button>
        </div>
      )}
      {state.results && (
        <ul className="recall-results" data-testid="recall-results" style={{ listStyle: "none", padding: 0 }}>
          {state.results.map((r) => (
            <li key={r.email} data-testid="recall-result" data-email={r.email} data-result={r.result}>
              {r.email} — {r.result === "external" ? t("notRecallable") : t(r.result)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
