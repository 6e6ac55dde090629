// What the 필터 and 부재중 pages share: their words, the load failures, another program's script.
import { useState } from "react";
import type { ForeignScript } from "../api/sieveApi";
import { useApp } from "../context";
import type { SieveLoad } from "../store/sieveStore";
import { sieveText, type SieveTextKey } from "./sieveText";

export function useSieveText(): (key: SieveTextKey, params?: Record<string, string | number>) => string {
  const language = useApp().language.use((s) => s.language);
  return (key, params) => sieveText(language, key, params);
}

export function SieveUnavailable({ load, retry }: { load: SieveLoad; retry: () => void }) {
  const t = useSieveText();
  if (load === "loading") return <p role="status">{t("loading")}</p>;
  if (load === "unavailable") return null;
  return (
    <p role="alert" data-testid="sieve-server-down">
      {t("serverDown")}{" "}
      <button type="button" className="link-button" onClick={retry}>{t("retry")}</button>
    </p>
  );
}

/** Read-only; 교체 asks first, then makes the webmail's script the active one; the advanced editor edits it. */
export function ForeignScriptNotice({ foreign, replace }: { foreign: ForeignScript; replace: () => Promise<boolean> }) {
  const app = useApp();
  const t = useSieveText();
  const [asking, setAsking] = useState(false);
  return (
    <section data-testid="sieve-foreign">
      <p>{t("foreign", { name: foreign.name })}</p>
      <pre className="sieve-script">{foreign.script}</pre>
      <p>
        <a href="/s/sieve" onClick={(e) => { e.preventDefault(); app.settings.openPage("sieve"); }} data-testid="open-sieve-raw">{t("editRaw")}</a>
      </p>
      {asking ? (
        <div className="confirm" role="alertdialog">
          <p>{t("replaceConfirm")}</p>
          <button type="button" className="primary" onClick={() => void replace().then(() => setAsking(false))} data-testid="replace-confirm">{t("confirm")}</button>{" "}
          <button type="button" onClick={() => setAsking(false)}>{t("cancel")}</button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)} data-testid="replace-foreign">{t("replace")}</button>
      )}
    </section>
  );
}
