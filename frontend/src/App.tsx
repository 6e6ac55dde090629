import { useEffect } from "react";
import { AppContext } from "./context";
import { Login } from "./pages/Login";
import { Mail } from "./pages/Mail";
import type { AppStores } from "./store/appStores";

export function App({ app }: { app: AppStores }) {
  const language = app.language.use((s) => s.language);
  const session = app.session.use((s) => s.session);
  const checked = app.session.use((s) => s.sessionChecked);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <AppContext.Provider value={app}>
      {!checked ? (
        <div className="splash" role="status">
          {app.t("loading")}
        </div>
      ) : session ? (
        <Mail />
      ) : (
        <Login />
      )}
    </AppContext.Provider>
  );
}
