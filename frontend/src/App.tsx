import { useEffect } from "react";
import { MailContext } from "./context";
import { Login } from "./pages/Login";
import { Mail } from "./pages/Mail";
import { useMail, type MailStore } from "./store/mailStore";

export function App({ mail }: { mail: MailStore }) {
  const language = useMail(mail, (s) => s.language);
  const session = useMail(mail, (s) => s.session);
  const checked = useMail(mail, (s) => s.sessionChecked);

  useEffect(() => {
    document.documentElement.lang = language;
    mail.updateTitle();
  }, [language, mail]);

  return (
    <MailContext.Provider value={mail}>
      {!checked ? (
        <div className="splash" role="status">
          {mail.t("loading")}
        </div>
      ) : session ? (
        <Mail />
      ) : (
        <Login />
      )}
    </MailContext.Provider>
  );
}
