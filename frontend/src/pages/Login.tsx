import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "../api/mailApi";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useApp } from "../context";

export function Login() {
  const app = useApp();
  app.language.use((s) => s.language);
  const notice = app.session.use((s) => s.loginNotice);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; hint: string | null } | null>(null);
  // The submit button is disabled while signing in, which drops the focus to <body>: after a
  // failure it goes back to the password, ready for the next try.
  const passwordField = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await app.session.login(email, password);
    } catch (e) {
      setPassword("");
      if (e instanceof ApiError && e.kind === "unauthorized") {
        // The seed's "인증 실패" stays the title; the server says how many tries this address has left.
        const hint = e.attemptsLeft !== null ? app.t("wrongPasswordAttemptsLeft", { count: e.attemptsLeft }) : app.t("authFailedHint");
        setError({ title: app.t("authFailed"), hint });
      }
      else setError({ title: app.notices.describe(e), hint: null });
      setBusy(false);
      passwordField.current?.focus();
    }
  }

  return (
    <main className="login" aria-labelledby="login-title">
      <form className="login-card" onSubmit={submit} aria-busy={busy} noValidate>
        <h1 id="login-title">{app.t("appName")}</h1>
        {notice && !error && (
          <p className="login-notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="login-email">{app.t("email")}</label>
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
        <label htmlFor="login-password">{app.t("password")}</label>
        <input
          id="login-password"
          ref={passwordField}
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
          {busy ? app.t("loggingIn") : app.t("login")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
