// 환경설정 at /s/: every setting applies as it is changed (the settings store shows it at once and
// stores it on the server, so it follows the user to any browser). A lazy chunk of its own.
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { Settings, Signature } from "../api/settingsTypes";
import type { SortField } from "../api/types";
import { useApp } from "../context";
import { formatAddress } from "../lib/address";
import { signatureHtml } from "../lib/signature";
import { SettingsIdentities } from "./SettingsIdentities";
import { settingsText, type SettingsTextKey } from "./settingsText";

/** 필터, 부재중 자동응답 and 고급 (/s/filters, /s/vacation, /s/sieve): a chunk of their own. */
const SieveSettings = lazy(() => import("./SieveSettings"));

const PAGE_SIZES = [20, 50, 100, 200];
const UNDO_SECONDS: Settings["undo_send_seconds"][] = [0, 5, 10, 20, 30];
const SORTS: [SortField, SettingsTextKey][] = [
  ["received", "sortReceived"],
  ["sent", "sortSent"],
  ["from", "sortFrom"],
  ["subject", "sortSubject"],
  ["size", "sortSize"],
];

function Choice<K extends keyof Settings>({ label, name, options }: { label: string; name: K; options: [Settings[K], string][] }) {
  const app = useApp();
  const value = app.settings.use((s) => s.settings[name]);
  return (
    <label className="setting">
      <span>{label}</span>
      <select
        value={String(value)}
        data-testid={`setting-${name}`}
        onChange={(e) => {
          const picked = options.find(([option]) => String(option) === e.target.value);
          if (picked) void app.settings.update({ [name]: picked[0] } as Partial<Settings>);
        }}
      >
        {options.map(([option, text]) => (
          <option key={String(option)} value={String(option)}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Toggle({ label, name, onChange }: { label: string; name: "conversation_view" | "desktop_notifications"; onChange?: (on: boolean) => void }) {
  const app = useApp();
  const value = app.settings.use((s) => s.settings[name]);
  return (
    <label className="setting">
      <span>{label}</span>
      <input
        type="checkbox"
        checked={value}
        data-testid={`setting-${name}`}
        onChange={(e) => (onChange ? onChange(e.target.checked) : void app.settings.update({ [name]: e.target.checked }))}
      />
    </label>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function PageHeader({ back, backLabel, title }: { back: () => void; backLabel: string; title: string }) {
  return (
    <header className="settings-header">
      <button type="button" className="link-button" onClick={back} data-testid="settings-back">
        ← {backLabel}
      </button>
      <h1>{title}</h1>
    </header>
  );
}

function newSignatureId(signatures: Signature[]): string {
  let n = signatures.length + 1;
  while (signatures.some((s) => s.id === `sig-${n}`)) n++;
  return `sig-${n}`;
}

function SignatureEditor({ signature, t }: { signature: Signature; t: (key: SettingsTextKey) => string }) {
  const app = useApp();
  const [name, setName] = useState(signature.name);
  const [text, setText] = useState(signature.text);
  const save = (patch: Partial<Signature>) => {
    const signatures = app.settings.state.settings.signatures.map((s) => (s.id === signature.id ? { ...s, ...patch } : s));
    void app.settings.update({ signatures });
  };
  return (
    <div className="signature-edit" data-testid="signature-edit">
      <label className="setting">
        <span>{t("signatureName")}</span>
        <input type="text" value={name} maxLength={50} onChange={(e) => setName(e.target.value)} onBlur={() => name.trim() && save({ name: name.trim() })} data-testid="signature-name" />
      </label>
      <label>
        <span className="visually-hidden">{t("signatureText")}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} onBlur={() => save({ text, html: signatureHtml(text) })} placeholder={t("signatureText")} data-testid="signature-text" />
      </label>
      <button
        type="button"
        className="link-button"
        onClick={() => void app.settings.update({ signatures: app.settings.state.settings.signatures.filter((s) => s.id !== signature.id) })}
      >
        {t("removeSignature")}
      </button>
    </div>
  );
}

export function SettingsPage() {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const settings = app.settings.use((s) => s.settings);
  const email = app.session.use((s) => s.session?.email ?? "");
  const permission = app.notifications.use((s) => s.permission);
  const t = (key: SettingsTextKey, params?: Record<string, string | number>) => settingsText(language, key, params);
  const [name, setName] = useState(settings.display_name);
  // The stored name once it loads (a page opened by its URL shows before the settings arrive).
  useEffect(() => setName(settings.display_name), [settings.display_name]);
  const signatureChoices: [string | null, string][] = [[null, t("none")], ...settings.signatures.map((s): [string, string] => [s.id, s.name])];
  const section = app.settings.use((s) => s.section);
  const sieve = app.vacation.use((s) => s.available);
  if (sieve && (section === "filters" || section === "vacation" || section === "sieve")) {
    return (
      <div className="settings-page" data-testid="settings-page">
        <PageHeader back={() => app.settings.openPage()} backLabel={t("title")} title={t(section)} />
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          <SieveSettings section={section} />
        </Suspense>
      </div>
    );
  }

  return (
    <div className="settings-page" data-testid="settings-page">
      <PageHeader back={() => app.settings.closePage()} backLabel={t("back")} title={t("title")} />

      <Section title={t("identity")}>
        <label className="setting">
          <span>{t("displayName")}</span>
          <input
            type="text"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void app.settings.update({ display_name: name.trim() })}
            onKeyDown={(e) => e.key === "Enter" && void app.settings.update({ display_name: name.trim() })}
            data-testid="setting-display_name"
          />
        </label>
        <p className="hint">{t("displayNameHint", { address: formatAddress({ name: settings.display_name, email }) })}</p>
        <SettingsIdentities t={t} />
      </Section>

      <Section title={t("view")}>
        <Choice label={t("language")} name="language" options={[["ko", "한국어"], ["en", "English"]]} />
        <Choice label={t("theme")} name="theme" options={[["system", t("themeSystem")], ["light", t("themeLight")], ["dark", t("themeDark")]]} />
        <Choice label={t("pageSize")} name="page_size" options={PAGE_SIZES.map((n): [number, string] => [n, String(n)])} />
        <Choice label={t("readingPane")} name="reading_pane" options={[["right", t("paneRight")], ["bottom", t("paneBottom")], ["off", t("paneOff")]]} />
        <Choice label={t("defaultSort")} name="default_sort" options={SORTS.map(([sort, key]): [SortField, string] => [sort, t(key)])} />
        <Toggle label={t("conversationView")} name="conversation_view" />
        {permission !== "unsupported" && (
          <Toggle
            label={t("notifications")}
            name="desktop_notifications"
            // On asks the browser's permission (this click is the user's gesture); the store then writes it through.
            onChange={(on) => (on ? void app.notifications.enable() : app.notifications.disable())}
          />
        )}
      </Section>

      <Section title={t("writing")}>
        <Choice label={t("defaultReply")} name="default_reply" options={[["reply", t("reply")], ["reply_all", t("replyAll")]]} />
        <Choice label={t("composeFormat")} name="compose_format" options={[["html", t("formatHtml")], ["plain", t("formatPlain")]]} />
        <Choice label={t("undoSend")} name="undo_send_seconds" options={UNDO_SECONDS.map((n): [Settings["undo_send_seconds"], string] => [n, n === 0 ? t("off") : t("seconds", { count: n })])} />
      </Section>

      <Section title={t("signatures")}>
        {settings.signatures.map((s) => (
          <SignatureEditor key={s.id} signature={s} t={t} />
        ))}
        <button
          type="button"
          onClick={() => {
            const id = newSignatureId(settings.signatures);
            void app.settings.update({ signatures: [...settings.signatures, { id, name: `${t("newSignatureName")} ${settings.signatures.length + 1}`, html: "", text: "" }] });
          }}
          data-testid="add-signature"
        >
          {t("addSignature")}
        </button>
        <Choice label={t("signatureNew")} name="signature_new" options={signatureChoices} />
        <Choice label={t("signatureReply")} name="signature_reply" options={signatureChoices} />
      </Section>

      <Section title={t("remoteImages")}>
        <Choice label={t("remoteImages")} name="remote_images" options={[["trusted", t("remoteTrusted")], ["ask", t("remoteAsk")]]} />
        <h3>{t("trustedSenders")}</h3>
        {settings.trusted_senders.length === 0 ? (
          <p className="hint">{t("noTrustedSenders")}</p>
        ) : (
          <ul data-testid="trusted-senders">
            {settings.trusted_senders.map((sender) => (
              <li key={sender} data-testid="trusted-sender">
                <span>{sender}</span>{" "}
                <button type="button" className="link-button" onClick={() => void app.settings.distrust(sender)} aria-label={`${t("remove")} ${sender}`}>
                  {t("remove")}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {sieve && (
        <Section title={t("later")}>
          <button type="button" className="link-button" onClick={() => app.settings.openPage("filters")} data-testid="open-filters">{t("filters")}</button>
          <button type="button" className="link-button" onClick={() => app.settings.openPage("vacation")} data-testid="open-vacation">{t("vacation")}</button>
          <button type="button" className="link-button" onClick={() => app.settings.openPage("sieve")} data-testid="open-sieve">{t("sieve")}</button>
        </Section>
      )}
    </div>
  );
}
