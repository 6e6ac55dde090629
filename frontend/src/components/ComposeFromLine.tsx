// The compose window's 보낸 사람 line: the name and address recipients will see (환경설정 표시 이름)
// and the signature picker (one of the user's signatures, or none), which swaps the signature
// block above the quoted text.
import { useState } from "react";
import { formatAddress } from "../lib/address";
import { useApp } from "../context";
import { signatureOf, switchSignature } from "../store/composeSignature";
import type { ComposeFormStore } from "../store/composeFormStore";

export function ComposeFromLine({ store }: { store: ComposeFormStore }) {
  const app = useApp();
  const email = app.session.use((s) => s.session?.email ?? "");
  const { display_name: name, signatures } = app.settings.use((s) => s.settings);
  const [current, setCurrent] = useState(() => signatureOf(store));
  const settings = app.settings.state.settings;
  return (
    <div className="field compose-from" data-testid="compose-from">
      <span>{app.t("from")}</span>
      <span className="compose-from-line">
        <span data-testid="compose-from-address">{formatAddress({ name, email })}</span>
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
