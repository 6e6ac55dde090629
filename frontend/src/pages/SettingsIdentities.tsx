// 환경설정 → 보낸 사람 주소: other addresses the user sends as. The server asks the mail server
// before it stores one (only addresses it lets this login use are kept), so adding may be refused:
// the reason shows under the form (the toasts live in the mail view).
import { useState } from "react";
import type { Identity } from "../api/settingsTypes";
import { useApp } from "../context";
import { formatAddress } from "../lib/address";
import type { SettingsTextKey } from "./settingsText";

type T = (key: SettingsTextKey, params?: Record<string, string | number>) => string;

function newIdentityId(identities: Identity[]): string {
  let n = identities.length + 1;
  while (identities.some((i) => i.id === `from-${n}`)) n++;
  return `from-${n}`;
}

export function SettingsIdentities({ t }: { t: T }) {
  const app = useApp();
  const { identities, signatures, display_name } = app.settings.use((s) => s.settings);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (list: Identity[]) => app.settings.update({ identities: list });

  const add = async () => {
    const address = email.trim().toLowerCase();
    if (!address) return;
    setBusy(true);
    setError(null);
    const ok = await save([...identities, { id: newIdentityId(identities), email: address, name: name.trim(), signature: null, reply_to: null }]);
    setBusy(false);
    if (ok) {
      setEmail("");
      setName("");
    } else {
      const notices = app.notices.state.notices;
      const reason = notices[notices.length - 1]?.text;
      setError(`${t("identityNotAdded", { address })}${reason ? " " + reason : ""}`);
    }
  };

  return (
    <>
      <h3>{t("identities")}</h3>
      <p className="hint">{t("identitiesHint")}</p>
      <ul data-testid="identities">
        {identities.map((identity) => (
          <li key={identity.id} data-testid="identity">
            <span>{formatAddress({ name: identity.name || display_name, email: identity.email })}</span>{" "}
            {signatures.length > 0 && (
              <select
                aria-label={`${t("identitySignature")} ${identity.email}`}
                value={identity.signature ?? ""}
                onChange={(e) => void save(identities.map((i) => (i.id === identity.id ? { ...i, signature: e.target.value || null } : i)))}
              >
                <option value="">{t("identitySignature")}: {t("none")}</option>
                {signatures.map((s) => (
                  <option key={s.id} value={s.id}>
                    {t("identitySignature")}: {s.name}
                  </option>
                ))}
              </select>
            )}{" "}
            <button type="button" className="link-button" onClick={() => void save(identities.filter((i) => i.id !== identity.id))} aria-label={`${t("remove")} ${identity.email}`}>
              {t("remove")}
            </button>
          </li>
        ))}
      </ul>
      {identities.length < 10 && (
        <form
          className="identity-add"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <input type="email" value={email} placeholder={t("identityEmail")} aria-label={t("identityEmail")} onChange={(e) => setEmail(e.target.value)} data-testid="identity-email" />
          <input type="text" value={name} maxLength={100} placeholder={t("identityName")} aria-label={t("identityName")} onChange={(e) => setName(e.target.value)} data-testid="identity-name" />
          <button type="submit" disabled={busy || !email.trim()} data-testid="add-identity">
            {busy ? t("identityChecking") : t("addIdentity")}
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="identity-error">
          {error}
        </p>
      )}
    </>
  );
}
