import { useState, type FormEvent } from "react";
import { ApiError } from "../api/mailApi";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useMailStore } from "../context";
import { useMail } from "../store/mailStore";

export function Login() {
  const mail = useMailStore();
  useMail(mail, (s) => s.language);
  const notice = useMail(mail, (s) => s.loginNotice);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; hint: string | null } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await mail.login(email, password);
    } catch (e) {
      setPassword("");
      if (e instanceof ApiError && e.kind === "unauthorized") {
        // The seed's "인증 실패" stays the title; the server says how many tries this address has left.
        const hint = e.attemptsLeft !== null ? mail.t("wrongPasswordAttemptsLeft", { count: e.attemptsLeft }) : mail.t("authFailedHint");
        setError({ title: mail.t("authFailed"), hint });
      }
      else setError({ title: mail.describeError(e), hint: null });
      setBusy(false);
    }
  }

  return (
    <main className="login" aria-labelledby="login-title">
      <form className="login-card" onSubmit={submit} aria-busy={busy} noValidate>
        <h1 id="login-title">{mail.t("appName")}</h1>
        {notice && !error && (
          <p className="login-notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="login-email">{mail.t("email")}</label>
        <input
          id="login-email"
          name="username"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="login-password">{mail.t("password")}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <div className="login-error" role="alert" data-testid="login-error">
            <strong>{error.title}</strong>
            {error.hint && <span>{error.hint}</span>}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || !email || !password}>
          {busy ? mail.t("loggingIn") : mail.t("login")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
