// The compose window's 보낸 사람 line: the name and address recipients will see (환경설정 표시 이름),
// a sender picker when the user has identities (the login address or one of them; an identity's
// own signature comes with it), and the signature picker (one of the user's signatures, or none),
// which swaps the signature block above the quoted text.
import { useState } from "react";
import { formatAddress } from "../lib/address";
import { useApp } from "../context";
import { signatureOf, switchSignature } from "../store/composeSignature";
import { senderOf, switchSender } from "../store/composeSender";
import type { ComposeFormStore } from "../store/composeFormStore";

export function ComposeFromLine({ store }: { store: ComposeFormStore }) {
  const app = useApp();
  const email = app.session.use((s) => s.session?.email ?? "");
  const { display_name: name, signatures, identities } = app.settings.use((s) => s.settings);
  store.use((s) => s.compose?.from);
  const [current, setCurrent] = useState(() => signatureOf(store));
  const settings = app.settings.state.settings;
  const sender = senderOf(store, settings);
  const own = formatAddress({ name, email });
  return (
    <div className="field compose-from" data-testid="compose-from">
      <span>{app.t("from")}</span>
      <span className="compose-from-line">
        {identities.length > 0 ? (
          <select
            aria-label={app.t("from")}
            value={sender?.email ?? ""}
            onChange={(e) => {
              switchSender(store, e.target.value || null, settings);
              setCurrent(signatureOf(store));
            }}
            data-testid="from-picker"
          >
            <option value="">{own}</option>
            {identities.map((i) => (
              <option key={i.id} value={i.email}>
                {formatAddress({ name: i.name || name, email: i.email })}
              </option>
            ))}
          </select>
        ) : (
          <span data-testid="compose-from-address">{own}</span>
        )}
        {signatures.length > 0 && (
          <select
            aria-label={app.t("signature")}
            value={current ?? ""}
            onChange={(e) => {
              const id = e.target.value || null;
              switchSignature(store, id, settings);
              setCurrent(id);
            }}
            data-testid="signature-picker"
          >
            <option value="">{app.t("noSignature")}</option>
            {signatures.map((s) => (
              <option key={s.id} value={s.id}>
                {app.t("signature")}: {s.name}
              </option>
            ))}
          </select>
        )}
      </span>
    </div>
  );
}
