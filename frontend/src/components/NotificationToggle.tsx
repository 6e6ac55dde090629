// 새 메일 알림 in the top bar: on and off; the browser's permission is asked by this click only.
import { useApp } from "../context";

export function NotificationToggle() {
  const app = useApp();
  const { permission, enabled } = app.notifications.use((s) => s);
  if (permission === "unsupported") return null;
  const blocked = permission === "denied";
  return (
    <button
      type="button"
      className="link-button"
      aria-pressed={enabled}
      disabled={blocked}
      title={blocked ? app.t("notificationsBlocked") : undefined}
      onClick={() => (enabled ? app.notifications.disable() : void app.notifications.enable())}
      data-testid="notifications-toggle"
    >
      {enabled ? "🔔" : "🔕"} {app.t("newMailNotifications")}
    </button>
  );
}
