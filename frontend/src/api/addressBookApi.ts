// The address book page's own calls (lazy chunk, with the page): the company directory and import.
// The rest of /contacts is ContactsApi, which compose needs from the start; only types are
// imported from the start bundle here, so the page's chunk shares no code module with it.
import type { Contact, ContactFields, ContactGroup, ContactPage, ContactsApi } from "./contactsApi";
import type { MailApi } from "./mailApi";

/** One colleague of the company directory (회사 주소록). */
export interface DirectoryEntry {
  name: string;
  email: string;
  department: string;
  title: string;
  phone: string;
}

export interface DirectoryPage {
  entries: DirectoryEntry[];
  total: number;
  page: number;
  page_size: number;
}

/** What POST /contacts/import did; `skipped` names the file's lines left out and why. */
export interface ImportReport {
  imported: number;
  merged: number;
  skipped: { line: number; reason: string }[];
}

/** ContactsApi for the page: its calls, and the directory and import. */
export class AddressBookApi {
  private readonly api: MailApi;

  constructor(private readonly contacts: ContactsApi) {
    this.api = contacts.api;
  }

  list = (options: { q?: string; group?: string; page?: number }): Promise<ContactPage> => this.contacts.list(options);
  create = (fields: ContactFields): Promise<Contact> => this.contacts.create(fields);
  update = (id: string, fields: ContactFields): Promise<Contact> => this.contacts.update(id, fields);
  remove = (id: string): Promise<void> => this.contacts.remove(id);
  groups = (): Promise<ContactGroup[]> => this.contacts.groups();
  createGroup = (name: string): Promise<ContactGroup> => this.contacts.createGroup(name);
  renameGroup = (id: string, name: string): Promise<ContactGroup> => this.contacts.renameGroup(id, name);
  removeGroup = (id: string): Promise<void> => this.contacts.removeGroup(id);
  /** The whole address book as a download (the session cookie authenticates it); "/api" is mailApi's API_BASE. */
  exportUrl = (format: "vcf" | "csv"): string => `/api/contacts/export?format=${format}`;

  directory(options: { q?: string; page?: number } = {}): Promise<DirectoryPage> {
    const search = new URLSearchParams();
    if (options.q) search.set("q", options.q);
    search.set("page", String(options.page ?? 1));
    return this.api.call<DirectoryPage>("GET", `/contacts/directory?${search.toString()}`);
  }

  /** A vCard or CSV file (Outlook, Gmail, Naver); at most 5 MB. */
  importFile(file: Blob): Promise<ImportReport> {
    const form = new FormData();
    form.set("file", file);
    return this.api.call<ImportReport>("POST", "/contacts/import", form);
  }
}
