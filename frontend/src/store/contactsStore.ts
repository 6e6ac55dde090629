// The address book page's state (주소록 at /c/, lazy chunk): the two tabs (내 주소록, the user's
// contacts; 회사 주소록, the company directory, read-only), the search (name, address, company,
// department, 초성: the server's GET /contacts?q=), the group filter, paging, the contact being
// edited, the selection for 메일 쓰기, and import (its report) and export.
import type { AddressBookApi, DirectoryEntry, ImportReport } from "../api/addressBookApi";
import type { Contact, ContactFields, ContactGroup } from "../api/contactsApi";
import type { Address } from "../api/types";
import { useSyncExternalStore } from "react";
import type { Store } from "./createStore";
import type { NoticeStore } from "./noticeStore";

export type AddressBookTab = "mine" | "company";

export interface ContactsState {
  tab: AddressBookTab;
  query: string;
  /** The group shown (null: every contact). */
  group: string | null;
  page: number;
  total: number;
  pageSize: number;
  contacts: Contact[];
  directory: DirectoryEntry[];
  groups: ContactGroup[];
  loading: boolean;
  /** Selected contact ids (for 메일 쓰기). */
  selected: string[];
  /** The contact in the form: an existing one, "new", or none. */
  editing: Contact | "new" | null;
  importing: boolean;
  report: ImportReport | null;
}

export const EMPTY_CONTACTS: ContactsState = {
  tab: "mine", query: "", group: null, page: 1, total: 0, pageSize: 50, contacts: [], directory: [], groups: [], loading: false,
  selected: [], editing: null, importing: false, report: null,
};

export class ContactsStore {
  /** Answers to an older search are dropped. */
  private generation = 0;

  /** `box`: made by the start bundle (AddressBookStore.pageState(EMPTY_CONTACTS)). */
  constructor(
    private readonly box: Store<ContactsState>,
    private readonly api: AddressBookApi,
    private readonly notices: NoticeStore,
  ) {}

  get state(): ContactsState {
    return this.box.getState();
  }

  private set(patch: Partial<ContactsState> | ((state: ContactsState) => Partial<ContactsState>)): void {
    this.box.setState(patch);
  }

  /** For components: re-renders when the selected slice changes (Object.is), as DomainStore.use. */
  use<S>(selector: (state: ContactsState) => S): S {
    return useSyncExternalStore(this.box.subscribe, () => selector(this.box.getState()));
  }

  /** The page opened: groups and the first page. */
  async start(): Promise<void> {
    await Promise.all([this.loadGroups(), this.load()]);
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const { tab, query, group, page } = this.state;
    this.set({ loading: true });
    try {
      if (tab === "company") {
        const answer = await this.api.directory({ q: query, page });
        if (generation === this.generation) this.set({ directory: answer.entries, total: answer.total, pageSize: answer.page_size });
      } else {
        const answer = await this.api.list({ q: query, group: group ?? undefined, page });
        if (generation === this.generation) this.set({ contacts: answer.contacts, total: answer.total, pageSize: answer.page_size });
      }
    } catch (error) {
      this.notices.error(error);
    } finally {
      if (generation === this.generation) this.set({ loading: false });
    }
  }

  async loadGroups(): Promise<void> {
    try {
      this.set({ groups: await this.api.groups() });
    } catch (error) {
      this.notices.error(error);
    }
  }

  showTab(tab: AddressBookTab): Promise<void> {
    this.set({ tab, page: 1, selected: [], editing: null });
    return this.load();
  }

  search(query: string): Promise<void> {
    this.set({ query, page: 1 });
    return this.load();
  }

  showGroup(group: string | null): Promise<void> {
    this.set({ group, page: 1, selected: [] });
    return this.load();
  }

  showPage(page: number): Promise<void> {
    this.set({ page });
    return this.load();
  }

  toggle(id: string): void {
    this.set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] }));
  }

  edit(contact: Contact | "new" | null): void {
    this.set({ editing: contact });
  }

  /** Saves the form (a new contact or the one edited); true when the server took it. */
  async save(fields: ContactFields): Promise<boolean> {
    const { editing } = this.state;
    try {
      if (editing && editing !== "new") await this.api.update(editing.id, fields);
      else await this.api.create(fields);
    } catch (error) {
      this.notices.error(error);
      return false;
    }
    this.set({ editing: null });
    await Promise.all([this.load(), this.loadGroups()]);
    return true;
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.remove(id);
    } catch (error) {
      this.notices.error(error);
      return;
    }
    this.set((s) => ({ editing: null, selected: s.selected.filter((x) => x !== id) }));
    await Promise.all([this.load(), this.loadGroups()]);
  }

  async createGroup(name: string): Promise<void> {
    await this.groupChange(() => this.api.createGroup(name));
  }

  async renameGroup(id: string, name: string): Promise<void> {
    await this.groupChange(() => this.api.renameGroup(id, name));
  }

  async removeGroup(id: string): Promise<void> {
    await this.groupChange(() => this.api.removeGroup(id));
    if (this.state.group === id) await this.showGroup(null);
  }

  private async groupChange(change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
    } catch (error) {
      this.notices.error(error);
    }
    await this.loadGroups();
  }

  /** The selected contacts' addresses (each contact's first), or a group's members (every page). */
  async recipients(group?: string): Promise<Address[]> {
    if (!group) {
      const chosen = this.state.contacts.filter((c) => this.state.selected.includes(c.id));
      return chosen.flatMap((c) => (c.emails[0] ? [{ name: c.name, email: c.emails[0] }] : []));
    }
    const members: Address[] = [];
    try {
      for (let page = 1; ; page++) {
        const answer = await this.api.list({ group, page });
        members.push(...answer.contacts.flatMap((c) => (c.emails[0] ? [{ name: c.name, email: c.emails[0] }] : [])));
        if (page * answer.page_size >= answer.total) break;
      }
    } catch (error) {
      this.notices.error(error);
    }
    return members;
  }

  async importFile(file: File): Promise<void> {
    this.set({ importing: true, report: null });
    try {
      this.set({ report: await this.api.importFile(file) });
    } catch (error) {
      this.notices.error(error);
    } finally {
      this.set({ importing: false });
    }
    await Promise.all([this.load(), this.loadGroups()]);
  }

  closeReport(): void {
    this.set({ report: null });
  }

  exportUrl(format: "vcf" | "csv"): string {
    return this.api.exportUrl(format);
  }
}
