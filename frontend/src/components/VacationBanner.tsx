// 부재중 자동응답이 켜져 있습니다 · 설정, above the panes while the reply answers mail today (the
// mail view decides when; store/vacationStatusStore.ts). A lazy chunk with its own words: most
// users never have it on, so the start of the app does not carry it.
import { useApp } from "../context";

const WORDS = {
  ko: { on: "부재중 자동응답이 켜져 있습니다", until: (date: string) => `${date}까지` },
  en: { on: "Your out-of-office reply is on", until: (date: string) => `until ${date}` },
};

export default function VacationBanner() {
  const app = useApp();
  const words = WORDS[app.language.use((s) => s.language)];
  const end = app.vacation.use((s) => s.vacation?.end);
  return (
    <div role="status" data-testid="vacation-banner"
      style={{ background: "color-mix(in srgb, var(--accent) 12%, transparent)", borderBottom: "1px solid var(--border)", padding: ".3rem 1rem", fontSize: ".9rem" }}>
      {words.on}
      {end && ` (${words.until(end)})`} ·{" "}
      <button type="button" className="link-button" onClick={() => app.settings.openPage("vacation")}>
        {app.t("settings")}
      </button>
    </div>
  );
}
