import { useMailStore } from "../context";
import { useMail } from "../store/mailStore";

export function LanguageSwitch() {
  const mail = useMailStore();
  const language = useMail(mail, (s) => s.language);
  return (
    <label className="language">
      <span className="visually-hidden">{mail.t("language")}</span>
      <select value={language} onChange={(e) => mail.setLanguage(e.target.value === "en" ? "en" : "ko")} data-testid="language">
        <option value="ko">한국어</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
