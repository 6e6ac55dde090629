// 부재중 자동응답 (/s/vacation): on/off, the dates (Korean time, inclusive), subject, text and how
// often one sender is answered; saved with PUT /settings/vacation, and the mail view's banner follows.
// The body is text or HTML (the compose editor, loaded when HTML is chosen); the server makes an HTML
// reply's text alternative.
import { Suspense, lazy, useEffect, useState } from "react";
import type { Vacation } from "../api/sieveApi";
import { useApp } from "../context";
import { sieveStoreFor } from "../store/sieveStore";
import { ForeignScriptNotice, SieveUnavailable, useSieveText } from "./sieveParts";

const VacationHtmlEditor = lazy(() => import("./VacationHtmlEditor"));

/** The text as the HTML editor's first paragraphs (escaped, one <p> per line). */
function textToParagraphs(text: string): string {
  const escape = (line: string) => line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return text.split(/\r?\n/).map((line) => `<p>${escape(line) || "<br>"}</p>`).join("");
}

export default function VacationSettings() {
  const app = useApp();
  const store = sieveStoreFor(app);
  const t = useSieveText();
  const { vacationLoad, vacation, foreign, problem, saving, saved, error } = store.use((s) => s);
  const [form, setForm] = useState<Vacation>(vacation);
  useEffect(() => void store.loadVacation(), [store]);
  useEffect(() => setForm(vacation), [vacation]);

  if (vacationLoad !== "ready") return <SieveUnavailable load={vacationLoad} retry={() => void store.loadVacation()} />;
  const edit = (patch: Partial<Vacation>) => {
    store.edited();
    setForm({ ...form, ...patch });
  };
  const isHtml = typeof form.html === "string";
  const setFormat = (html: boolean) => {
    if (html === isHtml) return;
    if (html) edit({ html: textToParagraphs(form.body) });
    else {
      const box = document.createElement("div");
      box.innerHTML = form.html ?? "";
      edit({ html: null, body: box.innerText.trim() });
    }
  };
  const save = (replaceForeign = false) =>
    store.saveVacation({ ...form, start: form.start || null, end: form.end || null, html: isHtml ? form.html : null }, replaceForeign);
  const problemAt = (field: string) =>
    problem?.path === `vacation.${field}` ? <span className="field-error" role="alert" data-testid="field-error">{problem.reason}</span> : null;
  if (foreign) return <ForeignScriptNotice foreign={foreign} replace={() => save(true)} />;

  return (
    <form data-testid="vacation-page" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="setting">
        <span>{t("vacationEnabled")}</span>
        <input type="checkbox" checked={form.enabled} onChange={(e) => edit({ enabled: e.target.checked })} data-testid="vacation-enabled" />
      </label>
      <label className="setting">
        <span>{t("start")}</span>
        <input type="date" value={form.start ?? ""} onChange={(e) => edit({ start: e.target.value })} data-testid="vacation-start" />
      </label>
      {problemAt("start")}
      <label className="setting">
        <span>{t("end")}</span>
        <input type="date" value={form.end ?? ""} onChange={(e) => edit({ end: e.target.value })} data-testid="vacation-end" />
      </label>
      {problemAt("end")}
      <p className="hint">{t("vacationHint")}</p>
      <label className="setting">
        <span>{t("subject")}</span>
        <input type="text" value={form.subject} maxLength={200} onChange={(e) => edit({ subject: e.target.value })} data-testid="vacation-subject" />
      </label>
      {problemAt("subject")}
      <label className="setting">
        <span>{t("format")}</span>
        <select value={isHtml ? "html" : "text"} onChange={(e) => setFormat(e.target.value === "html")} data-testid="vacation-format">
          <option value="text">{t("formatText")}</option>
          <option value="html">{t("formatHtml")}</option>
        </select>
      </label>
      {isHtml ? (
        <div className="setting vacation-html" data-testid="vacation-html">
          <span>{t("body")}</span>
          <Suspense fallback={<p role="status">{t("loading")}</p>}>
            <VacationHtmlEditor html={form.html ?? ""} onChange={(html) => edit({ html })} onPlain={(text) => edit({ html: null, body: text.trim() })} />
          </Suspense>
        </div>
      ) : (
        <label className="setting">
          <span>{t("body")}</span>
          <textarea value={form.body} maxLength={10000} onChange={(e) => edit({ body: e.target.value })} data-testid="vacation-body" />
        </label>
      )}
      {problemAt("body")}
      {problemAt("html")}
      <label className="setting">
        <span>{t("days")}</span>
        <input type="number" min={1} max={365} value={form.days} onChange={(e) => edit({ days: Number(e.target.value) || 1 })} data-testid="vacation-days" />
      </label>
      {problemAt("days")}
      <div>
        <button type="submit" className="primary" disabled={saving} data-testid="vacation-save">{t("save")}</button>
      </div>
      {saved && <p className="hint" role="status" data-testid="sieve-saved">{t("saved")}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
