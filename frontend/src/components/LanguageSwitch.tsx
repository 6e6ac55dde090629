import { useApp } from "../context";

export function LanguageSwitch() {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  return (
    <label className="language">
      <span className="visually-hidden">{app.t("language")}</span>
      <select value={language} onChange={(e) => app.language.setLanguage(e.target.value === "en" ? "en" : "ko")} data-testid="language">
        <option value="ko">한국어</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
