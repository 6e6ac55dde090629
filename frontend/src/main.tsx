import { createRoot } from "react-dom/client";
import { App } from "./App";
import { MailApi } from "./api/mailApi";
import { browserLocation } from "./lib/browserLocation";
import { browserNotifier } from "./lib/desktopNotifications";
import { AppStores } from "./store/appStores";
import "./styles.css";

function safeStorage(get: () => Storage): Storage | null {
  try {
    return get();
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

const app = new AppStores(new MailApi(), {
  storage: safeStorage(() => window.localStorage),
  eventSource: (url) => new EventSource(url, { withCredentials: true }),
  setTitle: (title) => {
    document.title = title;
  },
  notifier: browserNotifier(),
  location: browserLocation(),
});

const root = document.getElementById("root");
if (root) createRoot(root).render(<App app={app} />);
void app.session.checkSession();
