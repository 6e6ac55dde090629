// The address book's HTTP client (/contacts…, docs/api.yaml), over MailApi's authenticated calls.
import type { MailApi } from "./mailApi";
import type { Address } from "./types";

export interface Contact {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  company: string;
  department: string;
  title: string;
  memo: string;
  /** Group ids. */
  groups: string[];
  updated_at: string;
}

export type ContactFields = Partial<Omit<Contact, "id" | "updated_at">>;

export interface ContactPage {
  contacts: Contact[];
  total: number;
  page: number;
  page_size: number;
}

export interface ContactGroup {
  id: string;
  name: string;
  count: number;
}

export type SuggestionSource = "contact" | "group" | "collected" | "directory";

export interface Suggestion {
  name: string;
  /** Empty for a group: its members are the addresses. */
  email: string;
  source: SuggestionSource;
  members?: Address[];
  department?: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export class ContactsApi {
  constructor(readonly api: MailApi) {}

  list(options: { q?: string; group?: string; page?: number } = {}): Promise<ContactPage> {
    return this.api.call<ContactPage>("GET", `/contacts${query(options)}`);
  }

  get(id: string): Promise<Contact> {
    return this.api.call<Contact>("GET", `/contacts/${encodeURIComponent(id)}`);
  }

  create(fields: ContactFields): Promise<Contact> {
    return this.api.call<Contact>("POST", "/contacts", fields);
  }

  update(id: string, fields: ContactFields): Promise<Contact> {
    return this.api.call<Contact>("PATCH", `/contacts/${encodeURIComponent(id)}`, fields);
  }

  async remove(id: string): Promise<void> {
    await this.api.call<unknown>("DELETE", `/contacts/${encodeURIComponent(id)}`);
  }

  groups(): Promise<ContactGroup[]> {
    return this.api.call<{ groups: ContactGroup[] }>("GET", "/contacts/groups").then((body) => body.groups);
  }

  createGroup(name: string): Promise<ContactGroup> {
    return this.api.call<ContactGroup>("POST", "/contacts/groups", { name });
  }

  renameGroup(id: string, name: string): Promise<ContactGroup> {
    return this.api.call<ContactGroup>("PATCH", `/contacts/groups/${encodeURIComponent(id)}`, { name });
  }

  async removeGroup(id: string): Promise<void> {
    await this.api.call<unknown>("DELETE", `/contacts/groups/${encodeURIComponent(id)}`);
  }

  suggest(q: string, limit?: number): Promise<Suggestion[]> {
    return this.api.call<{ suggestions: Suggestion[] }>("GET", `/contacts/suggest${query({ q, limit })}`).then((body) => body.suggestions);
  }

  /** Brings in addresses collected in this browser before the server kept them; how many were new. */
  importCollected(recipients: Address[]): Promise<number> {
    return this.api.call<{ added: number }>("POST", "/contacts/collected", { recipients }).then((body) => body.added);
  }
}
