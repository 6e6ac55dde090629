// 부재중 자동응답이 켜져 있습니다 · 설정: above the panes while the reply answers mail today.
import { useApp } from "../context";
import { koreanToday, vacationActive } from "../store/vacationStatusStore";

export function VacationBanner() {
  const app = useApp();
  const vacation = app.vacation.use((s) => (s.available ? s.vacation : null));
  if (!vacationActive(vacation, koreanToday())) return null;
  return (
    <div className="vacation-banner" role="status" data-testid="vacation-banner">
      {app.t("vacationOn")}
      {vacation?.end && ` (${app.t("vacationUntil", { date: vacation.end })})`} ·{" "}
      <button type="button" className="link-button" onClick={() => app.settings.openPage("vacation")}>
        {app.t("settings")}
      </button>
    </div>
  );
}
