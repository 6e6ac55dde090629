// The browser's Notification API as the notification store's Notifier (null where there is none).
import type { Notifier, Permission } from "../store/notificationStore";

export function browserNotifier(): Notifier | null {
  if (typeof window === "undefined" || typeof window.Notification === "undefined") return null;
  return {
    permission: () => window.Notification.permission as Permission,
    request: async () => (await window.Notification.requestPermission()) as Permission,
    show: (title, body) => {
      // One at a time: a newer one replaces the last (tag), and a click brings the tab forward.
      const notification = new window.Notification(title, { body, tag: "zm-new-mail" });
      notification.onclick = () => window.focus();
    },
    inFront: () => document.visibilityState === "visible" && document.hasFocus(),
  };
}
