// 고급 (Sieve 직접 편집, /s/sieve): the active script as text for advanced users. 저장 goes through
// PUT /settings/sieve/raw, which compiles it on the server first (CHECKSCRIPT): a refused script
// stays in the editor with the compiler's messages and its first named line marked and scrolled to.
// A hand-written script makes the 필터/부재중 pages read-only; 되돌리기 writes their rules back.
import { useEffect, useRef, useState } from "react";
import { useApp } from "../context";
import { sieveStoreFor } from "../store/sieveStore";
import { SieveUnavailable, useSieveText } from "./sieveParts";

/** Pixels per line: the gutter and the textarea share it (styles below). */
const LINE_HEIGHT = 20;

export default function SieveRawSettings() {
  const app = useApp();
  const store = sieveStoreFor(app);
  const t = useSieveText();
  const { rawLoad, raw, rawProblem, saving, saved, error, filtersLoad } = store.use((s) => s);
  // 되돌리기 writes the loaded rules: never before they are (an empty list would replace them).
  const rulesReady = filtersLoad === "ready";
  const [text, setText] = useState(raw.script);
  const [asking, setAsking] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void store.loadRaw();
    // 되돌리기 writes the pages' rules: they are loaded (from the script's model line) to have them.
    void store.loadFilters();
  }, [store]);
  useEffect(() => setText(raw.script), [raw]);
  // The compiler's line: selected in the editor and scrolled into view.
  useEffect(() => {
    const area = editor.current;
    const line = rawProblem?.line;
    if (!area || !line) return;
    const lines = area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1] ?? "").length);
    area.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
  }, [rawProblem]);

  if (rawLoad !== "ready") return <SieveUnavailable load={rawLoad} retry={() => void store.loadRaw()} />;
  const lineCount = text.split("\n").length;
  const restore = async () => {
    if (await store.restoreRules()) setAsking(false);
  };
  return (
    <form data-testid="sieve-raw-page" onSubmit={(e) => { e.preventDefault(); void store.saveRaw(text); }}>
      <p className="hint" role="note">{t("rawWarning")}</p>
      <p data-testid="sieve-raw-name">{raw.name ? t("rawName", { name: raw.name }) : t("rawNone")}</p>
      {raw.ours && <p className="hint">{t("rawOurs")}</p>}
      <div className="sieve-editor">
        <div className="sieve-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={rawProblem?.line === i + 1 ? "error-line" : undefined} data-testid={rawProblem?.line === i + 1 ? "sieve-error-line" : undefined}>{i + 1}</div>
          ))}
        </div>
        <textarea ref={editor} aria-label={t("rawScript")} spellCheck={false} wrap="off" value={text} data-testid="sieve-raw"
          onScroll={(e) => { if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop; }}
          onChange={(e) => { store.edited(); setText(e.target.value); }} />
      </div>
      {rawProblem && (
        <div className="field-error" role="alert" data-testid="sieve-raw-error">
          {rawProblem.line !== null && <strong>{t("rawLine", { line: rawProblem.line })}: </strong>}
          <pre className="sieve-messages">{rawProblem.message}</pre>
        </div>
      )}
      <div>
        <button type="submit" className="primary" disabled={saving} data-testid="sieve-raw-save">{t("save")}</button>{" "}
        {!raw.ours && !asking && <button type="button" disabled={saving || !rulesReady} onClick={() => setAsking(true)} data-testid="sieve-restore">{t("restore")}</button>}
      </div>
      {!raw.ours && filtersLoad !== "ready" && filtersLoad !== "loading" && (
        <p className="hint" role="status" data-testid="sieve-restore-unavailable">{t("restoreNoRules")}</p>
      )}
      {asking && (
        <div className="confirm" role="alertdialog">
          <p>{t("restoreConfirm")}</p>
          <button type="button" className="primary" disabled={saving || !rulesReady} onClick={() => void restore()} data-testid="sieve-restore-confirm">{t("confirm")}</button>{" "}
          <button type="button" onClick={() => setAsking(false)}>{t("cancel")}</button>
        </div>
      )}
      {saved && !asking && <p className="hint" role="status" data-testid="sieve-saved">{t("saved")}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
