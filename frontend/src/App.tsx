import { lazy, Suspense, useEffect } from "react";
import { AppContext } from "./context";
import { ComposeDock } from "./components/ComposeDock";
import { Login } from "./pages/Login";
import { Mail } from "./pages/Mail";
import type { AppStores } from "./store/appStores";

// A chunk of its own, loaded when the page is first opened (the start budget of build.mjs).
const SettingsPage = lazy(() => import("./pages/Settings").then((m) => ({ default: m.SettingsPage })));
const AddressBookPage = lazy(() => import("./pages/AddressBook").then((m) => ({ default: m.AddressBookPage })));
const OutboxPage = lazy(() => import("./pages/Outbox").then((m) => ({ default: m.OutboxPage })));
const ReceiptsPage = lazy(() => import("./pages/Receipts").then((m) => ({ default: m.ReceiptsPage })));

export function App({ app }: { app: AppStores }) {
  const language = app.language.use((s) => s.language);
  const session = app.session.use((s) => s.session);
  const checked = app.session.use((s) => s.sessionChecked);
  const settingsOpen = app.settings.use((s) => s.pageOpen);
  const addressBookOpen = app.addressBook.use((s) => s.pageOpen);
  const outboxOpen = app.outbox.use((s) => s.pageOpen);
  const receiptsOpen = app.receipts.use((s) => s.pageOpen && s.available);
  const theme = app.settings.use((s) => s.settings.theme);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <AppContext.Provider value={app}>
      {!checked ? (
        <div className="splash" role="status">
          {app.t("loading")}
        </div>
      ) : session && (settingsOpen || addressBookOpen) ? (
        <Suspense fallback={<div className="splash" role="status">{app.t("loading")}</div>}>
          {settingsOpen ? <SettingsPage /> : <AddressBookPage />}
        </Suspense>
      ) : session && (outboxOpen || receiptsOpen) ? (
        <>
          <Suspense fallback={<div className="splash" role="status">{app.t("loading")}</div>}>
            {outboxOpen ? <OutboxPage /> : <ReceiptsPage />}
          </Suspense>
          <ComposeDock />
        </>
      ) : session ? (
        <Mail />
      ) : (
        <Login />
      )}
    </AppContext.Provider>
  );
}
