// 주소록 at /c/ (a lazy chunk of its own): 내 주소록 (the user's contacts: search with 초성, groups,
// paging, add/edit/delete, import and export, 메일 쓰기 to the selected) and 회사 주소록 (the
// company directory, read-only). Its state is store/contactsStore.ts; this view only shows it.
import { useEffect, useState, type FormEvent } from "react";
import { AddressBookApi } from "../api/addressBookApi";
import type { Contact } from "../api/contactsApi";
import type { Address } from "../api/types";
import { useApp } from "../context";
import type { AppStores } from "../store/appStores";
import { ContactsStore, EMPTY_CONTACTS } from "../store/contactsStore";
import { addressBookText, type AddressBookTextKey } from "./addressBookText";

// The page's own styles travel with its chunk (the start CSS stays as it was), as a constructed
// style sheet: CSSOM, which the CSP's style-src does not restrict the way it does a <style> element.
const PAGE_CSS = `
.address-book { max-width: 72rem; margin: 0 auto; padding: 0 1rem 3rem; display: grid; gap: .6rem; }
.address-book-body { display: grid; grid-template-columns: 14rem 1fr; gap: 1rem; align-items: start; }
.address-book .toolbar, .address-book .tabs, .address-book .paging { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.address-book [aria-selected="true"], .address-book [aria-pressed="true"] { font-weight: 600; border-color: var(--accent); }
.address-book table { width: 100%; border-collapse: collapse; }
.address-book td, .address-book th { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--border); }
.address-book ul { list-style: none; margin: .4rem 0; padding: 0; }
.contact-form { display: grid; gap: .4rem; padding: .6rem; border: 1px solid var(--border); }
.contact-form label:not(.check) { display: grid; grid-template-columns: 10rem 1fr; gap: .5rem; }
@media (max-width: 700px) { .address-book-body { grid-template-columns: 1fr; } }
`;
let styled = false;
function usePageStyles(): void {
  useEffect(() => {
    if (styled || typeof CSSStyleSheet === "undefined" || !("adoptedStyleSheets" in document)) return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PAGE_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    styled = true;
  }, []);
}

/** One page store per app, kept while the app lives (the page keeps its place when reopened). */
const stores = new WeakMap<AppStores, ContactsStore>();
function contactsStore(app: AppStores): ContactsStore {
  let store = stores.get(app);
  if (!store) {
    store = new ContactsStore(app.addressBook.pageState(EMPTY_CONTACTS), new AddressBookApi(app.addressBook.contacts), app.notices);
    stores.set(app, store);
  }
  return store;
}

type T = (key: AddressBookTextKey, params?: Record<string, string | number>) => string;

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

function ContactForm({ store, contact, t }: { store: ContactsStore; contact: Contact | null; t: T }) {
  const groups = store.use((s) => s.groups);
  const [name, setName] = useState(contact?.name ?? "");
  const [emails, setEmails] = useState(contact?.emails.join("\n") ?? "");
  const [phones, setPhones] = useState(contact?.phones.join("\n") ?? "");
  const [company, setCompany] = useState(contact?.company ?? "");
  const [department, setDepartment] = useState(contact?.department ?? "");
  const [title, setTitle] = useState(contact?.title ?? "");
  const [memo, setMemo] = useState(contact?.memo ?? "");
  const [chosen, setChosen] = useState<string[]>(contact?.groups ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store.save({ name, emails: lines(emails), phones: lines(phones), company, department, title, memo, groups: chosen });
  };
  const text = (label: AddressBookTextKey, value: string, set: (v: string) => void, field: string) => (
    <label>
      <span>{t(label)}</span>
      <input value={value} onChange={(e) => set(e.target.value)} data-testid={`contact-${field}`} />
    </label>
  );
  const area = (label: AddressBookTextKey, value: string, set: (v: string) => void, field: string) => (
    <label>
      <span>{t(label)}</span>
      <textarea value={value} rows={2} onChange={(e) => set(e.target.value)} data-testid={`contact-${field}`} />
    </label>
  );
  return (
    <form className="contact-form" onSubmit={submit} aria-label={contact ? contact.name : t("newContact")} data-testid="contact-form">
      {text("name", name, setName, "name")}
      {area("emails", emails, setEmails, "emails")}
      {area("phones", phones, setPhones, "phones")}
      {text("companyName", company, setCompany, "company")}
      {text("department", department, setDepartment, "department")}
      {text("jobTitle", title, setTitle, "title")}
      {area("memo", memo, setMemo, "memo")}
      {groups.length > 0 && (
        <fieldset>
          <legend>{t("groups")}</legend>
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(g.id)}
                onChange={() => setChosen(chosen.includes(g.id) ? chosen.filter((x) => x !== g.id) : [...chosen, g.id])}
              />
              {g.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="buttons">
        <button type="submit" className="primary" data-testid="contact-save">
          {t("save")}
        </button>
        <button type="button" onClick={() => store.edit(null)}>
          {t("cancel")}
        </button>
        {contact && (
          <button type="button" className="danger" data-testid="contact-delete"
            onClick={() => window.confirm(t("confirmDelete", { name: contact.name || contact.emails[0] || "" })) && void store.remove(contact.id)}>
            {t("delete")}
          </button>
        )}
      </div>
    </form>
  );
}

function GroupList({ store, t, mail }: { store: ContactsStore; t: T; mail: (group: string) => void }) {
  const groups = store.use((s) => s.groups);
  const current = store.use((s) => s.group);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [newName, setNewName] = useState("");
  return (
    <nav className="contact-groups" aria-label={t("groups")} data-testid="contact-groups">
      <button type="button" aria-pressed={current === null} onClick={() => void store.showGroup(null)}>
        {t("allContacts")}
      </button>
      <ul>
        {groups.map((g) =>
          renaming?.id === g.id ? (
            <li key={g.id}>
              <form onSubmit={(e) => (e.preventDefault(), setRenaming(null), void store.renameGroup(g.id, renaming.name))}>
                <input value={renaming.name} aria-label={t("rename")} autoFocus onChange={(e) => setRenaming({ id: g.id, name: e.target.value })} />
                <button type="submit">{t("save")}</button>
              </form>
            </li>
          ) : (
            <li key={g.id} data-testid="contact-group">
              <button type="button" aria-pressed={current === g.id} onClick={() => void store.showGroup(g.id)}>
                {g.name} <span className="count">({g.count})</span>
              </button>
              <button type="button" className="link-button" title={t("mailGroup")} aria-label={`${t("mailGroup")}: ${g.name}`} onClick={() => mail(g.id)}>
                ✉
              </button>
              <button type="button" className="link-button" title={t("rename")} aria-label={`${t("rename")}: ${g.name}`} onClick={() => setRenaming({ id: g.id, name: g.name })}>
                ✎
              </button>
              <button type="button" className="link-button" title={t("delete")} aria-label={`${t("delete")}: ${g.name}`}
                onClick={() => window.confirm(t("confirmDeleteGroup", { name: g.name })) && void store.removeGroup(g.id)}>
                ×
              </button>
            </li>
          ),
        )}
      </ul>
      <form onSubmit={(e) => (e.preventDefault(), newName.trim() && void store.createGroup(newName.trim()), setNewName(""))}>
        <input value={newName} placeholder={t("newGroup")} aria-label={t("newGroup")} onChange={(e) => setNewName(e.target.value)} data-testid="new-group-name" />
        <button type="submit" data-testid="add-group">{t("addGroup")}</button>
      </form>
    </nav>
  );
}

function Paging({ store, t }: { store: ContactsStore; t: T }) {
  const page = store.use((s) => s.page);
  const total = store.use((s) => s.total);
  const pageSize = store.use((s) => s.pageSize);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="paging">
      <button type="button" disabled={page <= 1} onClick={() => void store.showPage(page - 1)}>{t("previous")}</button>
      <span data-testid="contacts-total">{t("pageOf", { page, pages, total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => void store.showPage(page + 1)}>{t("next")}</button>
    </div>
  );
}

export function AddressBookPage() {
  const app = useApp();
  const store = contactsStore(app);
  const language = app.language.use((s) => s.language);
  const t: T = (key, params) => addressBookText(language, key, params);
  const state = store.use((s) => s);
  const [query, setQuery] = useState(state.query);
  useEffect(() => void store.start(), [store]);
  usePageStyles();

  const compose = (recipients: Address[]) => app.addressBook.mailTo(recipients);
  const editing = state.editing;
  return (
    <div className="address-book" data-testid="address-book">
      <header className="topbar">
        <button type="button" className="link-button" onClick={() => app.addressBook.closePage()} data-testid="close-address-book">
          ← {t("back")}
        </button>
        <h1>{t("title")}</h1>
      </header>
      <div role="tablist" className="tabs">
        {(["mine", "company"] as const).map((tab) => (
          <button key={tab} type="button" role="tab" aria-selected={state.tab === tab} onClick={() => void store.showTab(tab)} data-testid={`tab-${tab}`}>
            {t(tab)}
          </button>
        ))}
      </div>
      <form role="search" onSubmit={(e) => (e.preventDefault(), void store.search(query))}>
        <input type="search" value={query} placeholder={t("search")} aria-label={t("search")} onChange={(e) => setQuery(e.target.value)} data-testid="contacts-search" />
      </form>
      {state.tab === "company" ? (
        <section aria-label={t("company")}>
          <p className="hint">{t("readOnly")}</p>
          {state.directory.length === 0 && !state.loading ? <p className="empty">{t("emptyDirectory")}</p> : (
            <table className="contacts" data-testid="directory-table">
              <thead><tr><th>{t("name")}</th><th>{t("email")}</th><th>{t("department")}</th><th>{t("jobTitle")}</th><th>{t("phone")}</th></tr></thead>
              <tbody>
                {state.directory.map((e) => (
                  <tr key={e.email} data-testid="directory-row">
                    <td>{e.name}</td><td>{e.email}</td><td>{e.department}</td><td>{e.title}</td><td>{e.phone}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Paging store={store} t={t} />
        </section>
      ) : (
        <div className="address-book-body">
          <GroupList store={store} t={t} mail={(group) => void store.recipients(group).then(compose)} />
          <section aria-label={t("mine")}>
            <div className="toolbar">
              <button type="button" onClick={() => store.edit("new")} data-testid="new-contact">{t("newContact")}</button>
              <button type="button" className="primary" disabled={state.selected.length === 0} data-testid="compose-selected"
                onClick={() => void store.recipients().then(compose)}>
                {state.selected.length ? t("composeCount", { count: state.selected.length }) : t("compose")}
              </button>
              <label className="button" title={t("importHint")}>
                {state.importing ? t("importing") : t("import")}
                <input type="file" accept=".vcf,.csv,text/vcard,text/csv" className="visually-hidden" data-testid="contacts-import"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = "";
                    if (file) void store.importFile(file);
                  }} />
              </label>
              <a className="button" href={store.exportUrl("vcf")} download data-testid="export-vcf">{t("exportVcf")}</a>
              <a className="button" href={store.exportUrl("csv")} download data-testid="export-csv">{t("exportCsv")}</a>
            </div>
            {state.report && (
              <div className="import-report" role="status" data-testid="import-report">
                <p>{t("report", { imported: state.report.imported, merged: state.report.merged, skipped: state.report.skipped.length })}</p>
                {state.report.skipped.length > 0 && (
                  <ul>
                    {state.report.skipped.slice(0, 50).map((s, i) => <li key={i}>{t("line", { line: s.line })}: {s.reason}</li>)}
                  </ul>
                )}
                <button type="button" className="link-button" onClick={() => store.closeReport()}>{t("close")}</button>
              </div>
            )}
            {editing && <ContactForm key={editing === "new" ? "new" : editing.id} store={store} contact={editing === "new" ? null : editing} t={t} />}
            {state.contacts.length === 0 && !state.loading ? <p className="empty">{t("empty")}</p> : (
              <table className="contacts" data-testid="contacts-table">
                <thead><tr><th></th><th>{t("name")}</th><th>{t("email")}</th><th>{t("phone")}</th><th>{t("companyName")}</th><th>{t("jobTitle")}</th><th></th></tr></thead>
                <tbody>
                  {state.contacts.map((c) => (
                    <tr key={c.id} data-testid="contact-row">
                      <td><input type="checkbox" checked={state.selected.includes(c.id)} onChange={() => store.toggle(c.id)} aria-label={t("select", { name: c.name || c.emails[0] || "" })} /></td>
                      <td data-testid="contact-name">{c.name}</td>
                      <td>{c.emails.join(", ")}</td>
                      <td>{c.phones.join(", ")}</td>
                      <td>{[c.company, c.department].filter(Boolean).join(" · ")}</td>
                      <td>{c.title}</td>
                      <td><button type="button" className="link-button" onClick={() => store.edit(c)} data-testid="edit-contact">{t("edit")}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Paging store={store} t={t} />
          </section>
        </div>
      )}
    </div>
  );
}
