// The address book's place in the app (start bundle, kept small): its URL /c/ (one letter, never an
// API path: see routeStore.ts), 메일 쓰기 from it, and "주소록에 추가" from a message. The page and its
// own store (store/contactsStore.ts) are a lazy chunk, loaded when /c/ is first opened.
import type { ContactsApi } from "../api/contactsApi";
import type { Address } from "../api/types";
import { formatAddressList } from "../lib/address";
import type { LocationLike } from "../lib/browserLocation";
import type { ComposeStore } from "./composeStore";
import { createStore } from "./createStore";
import { DomainStore } from "./domainStore";
import type { NoticeStore } from "./noticeStore";

export const ADDRESS_BOOK_PREFIX = "/c/";

export function isAddressBookUrl(url: string): boolean {
  return url === "/c" || url.startsWith(ADDRESS_BOOK_PREFIX);
}

/** Per address (lowercased): being added, or in the address book (added now or before). */
export type AddState = "adding" | "there";

export interface AddressBookState {
  pageOpen: boolean;
  added: Record<string, AddState | undefined>;
}

export class AddressBookStore extends DomainStore<AddressBookState> {
  private returnTo = "/m/INBOX";
  /**
   * The state container of the page's own store, handed over from here: the page's chunk then
   * imports no code module of the start bundle (which would split the start into more, worse
   * compressing chunks).
   */
  readonly pageState = createStore;

  constructor(
    readonly contacts: ContactsApi,
    private readonly notices: NoticeStore,
    private readonly location: LocationLike,
    private readonly composer: ComposeStore,
  ) {
    super({ pageOpen: isAddressBookUrl(location.current()), added: {} });
    location.onPop(() => this.set({ pageOpen: isAddressBookUrl(location.current()) }));
  }

  openPage(): void {
    const current = this.location.current();
    if (!isAddressBookUrl(current)) {
      this.returnTo = current;
      this.location.push(ADDRESS_BOOK_PREFIX);
    }
    this.set({ pageOpen: true });
  }

  /** Back to where the mail view was. */
  closePage(): void {
    this.location.push(this.returnTo);
    this.set({ pageOpen: false });
  }

  /** 메일 쓰기 from the page: back to the mail view, a new message to them. */
  mailTo(to: Address[]): void {
    if (!to.length) return;
    this.closePage();
    this.composer.open("new")?.update({ to: formatAddressList(to) });
  }

  /** Adds the person (name and address) unless a contact has that address already. */
  async add({ name, email }: Address): Promise<void> {
    const key = email.toLowerCase();
    const mark = (state?: AddState) => this.set((s) => ({ added: { ...s.added, [key]: state } }));
    if (this.state.added[key]) return;
    mark("adding");
    try {
      const { contacts } = await this.contacts.list({ q: email });
      if (!contacts.some((c) => c.emails.some((e) => e.toLowerCase() === key))) await this.contacts.create({ name, emails: [email] });
      mark("there");
    } catch (error) {
      mark();
      this.notices.error(error);
    }
  }
}
