// Every view has its own URL (issue 25): the folder, its search and the open message live in the
// address bar, so back/forward and reload keep the user's place and a message opens in a new tab.
// The URL follows the mailbox and reader stores (one history entry per change of place), and
// back/forward drive those stores; nothing else touches the history.
//
//   /m/<folder>[?q=<search>][&<detailed search>][&uid=<uid>][&page=][&sort=][&order=][&filter=][&compose=]
//   e.g. /m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid=12
//
// The list's page, order and filter are in the URL (each left out at its default: page 1, newest
// received first, no filter). The open compose windows are `compose=`, Gmail's convention: `new`
// for a window with no draft yet, the draft's UID in Drafts once it was saved (each autosave
// replaces the draft, so the URL's UID follows, in place), comma-separated for several windows
// (`compose=new,57`). The draft's UID rather than a window number: a reload, or the URL in another
// tab, reopens the very draft with its recipients, subject, body and attachments (a window with no
// draft yet has nothing to reopen: nothing was typed, or only in the last seconds, and then the page
// asked before leaving). A draft opened by its URL (`/m/Drafts?uid=57`) opens in compose (as Gmail
// and Naver do): it becomes `compose=57`. Back/forward to an entry whose window was saved since
// finds it by any UID it had (each save renames it).
// Opening something (a folder, a page, a message, a window) pushes an entry; closing a message or a
// window goes back to the entry it was opened from when that is the one before (so Back never
// reopens what was just closed), else replaces the current one.
//
// The detailed search's fields (from, to, subject, dates, body, scope): lib/searchQuery.ts.
//
// The prefix /m/ ("mail"): one letter, and never an API path. The API answers at /X and at /api/X
// (/auth, /mail, /api, /health, /metrics, and later /settings, /contacts, /files, /events, …),
// so a path of the SPA's own must not start with a word the API may take; a single letter never will.
// The folder is its full IMAP name; each `/`-separated part is percent-encoded (space, +, %, &, #,
// quotes, Korean), the `/` of a nested folder stays a separator, so 프로젝트/부산3D reads as a path.
// The message is `?uid=`, not a last path part: a folder may be named `12` (프로젝트/12), and the path
// then always names exactly a folder.
import type { ListFilter, SearchFields, SortField, SortOrder } from "../api/types";
import type { LocationLike } from "../lib/browserLocation";
import { folderByRole } from "../lib/folders";
import { hasFields, readFields, sameFields, writeFields } from "../lib/searchQuery";
import type { ComposeStore } from "./composeStore";
import { defaultOrder, type MailboxStore } from "./mailboxStore";
import type { ReaderStore } from "./readerStore";

export const ROUTE_PREFIX = "/m/";
/** Prefixes of the views that own their URL themselves (the settings page, the address book, 예약 메일, 수신확인); the route store leaves them alone. */
const OTHER_VIEWS = ["/s/", "/c/", "/o/", "/r/"];

function inOtherView(url: string): boolean {
  return OTHER_VIEWS.some((prefix) => url.startsWith(prefix) || url === prefix.slice(0, -1));
}
const HOME = "INBOX";

/** The list's page, order and filter. */
export interface ListView {
  page: number;
  sort: SortField;
  order: SortOrder;
  filter: ListFilter | null;
}

export const DEFAULT_VIEW: ListView = { page: 1, sort: "received", order: "desc", filter: null };

export interface Route extends ListView {
  folder: string;
  query: string;
  /** The detailed search (상세 검색); absent when none. */
  fields?: SearchFields;
  uid: number | null;
  /** The compose windows: "new", or a draft's UID in Drafts. */
  compose: string[];
}

/** A route with the defaults for what is not given (the list's first page, no compose window). */
export function route(place: Partial<Route> & { folder: string }): Route {
  return { query: "", uid: null, ...DEFAULT_VIEW, compose: [], ...place };
}

const UID = /^[1-9]\d{0,9}$/;
const SORTS: readonly SortField[] = ["received", "sent", "from", "subject", "size"];
const FILTERS: readonly ListFilter[] = ["unread", "flagged"];
/** As many as composeStore's MAX_COMPOSE_WINDOWS; more in a URL typed by hand are ignored. */
const MAX_COMPOSE_IN_URL = 3;

/** The list view's parameters, each left out at its default (the order: when it is the field's own). */
export function formatView(params: URLSearchParams, { page, sort, order, filter }: ListView): void {
  if (page > 1) params.set("page", String(page));
  if (sort !== DEFAULT_VIEW.sort) params.set("sort", sort);
  if (order !== defaultOrder(sort)) params.set("order", order);
  if (filter) params.set("filter", filter);
}

/** The list view a URL names; what is missing or not understood is the default. */
export function parseView(params: URLSearchParams): ListView {
  const page = params.get("page") ?? "";
  const sort = SORTS.find((s) => s === params.get("sort")) ?? DEFAULT_VIEW.sort;
  const order = params.get("order");
  return {
    page: UID.test(page) ? Number(page) : 1,
    sort,
    order: order === "asc" || order === "desc" ? order : defaultOrder(sort),
    filter: FILTERS.find((f) => f === params.get("filter")) ?? null,
  };
}

export function formatCompose(params: URLSearchParams, compose: string[]): void {
  if (compose.length) params.set("compose", compose.join(","));
}

export function parseCompose(params: URLSearchParams): string[] {
  const list = (params.get("compose") ?? "").split(",").filter((token) => token === "new" || UID.test(token));
  return list.slice(0, MAX_COMPOSE_IN_URL);
}

export function formatRoute(place: Route): string {
  const { folder, query, fields, uid } = place;
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  writeFields(params, fields);
  if (uid !== null) params.set("uid", String(uid));
  formatView(params, place);
  formatCompose(params, place.compose);
  const search = params.toString();
  return ROUTE_PREFIX + folder.split("/").map(encodeURIComponent).join("/") + (search ? "?" + search : "");
}

/** The place a URL names; null for any URL that is not one of ours (`/`, `/m/`, a broken escape). */
export function parseRoute(url: string): Route | null {
  const bare = url.split("#")[0];
  const mark = bare.indexOf("?");
  const path = mark < 0 ? bare : bare.slice(0, mark);
  const search = mark < 0 ? "" : bare.slice(mark + 1);
  if (!path.startsWith(ROUTE_PREFIX) || path.length === ROUTE_PREFIX.length) return null;
  let folder: string;
  try {
    folder = path.slice(ROUTE_PREFIX.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null; // a malformed %-escape typed by hand
  }
  const params = new URLSearchParams(search);
  const uid = params.get("uid") ?? "";
  const fields = readFields(params);
  return { folder, query: params.get("q") ?? "", ...(hasFields(fields) ? { fields } : {}), uid: UID.test(uid) ? Number(uid) : null, ...parseView(params), compose: parseCompose(params) };
}

/** Going from `now` to `next` only closes something (the message, a compose window) or renames a window's draft. */
function onlyCloses(now: Route, next: Route): boolean {
  const base = (r: Route) => formatRoute({ ...r, uid: null, compose: [] });
  if (base(now) !== base(next)) return false;
  if (next.uid !== null && next.uid !== now.uid) return false;
  return next.compose.length <= now.compose.length;
}

export class RouteStore {
  /** Signed in: the URL follows the stores and back/forward drive them. */
  private started = false;
  private applying = false;
  private scheduled = false;
  /** Every token (`new`, draft UIDs) each compose window had: an older entry still names it by one. */
  private readonly windowTokens = new Map<number, Set<string>>();
  /** Windows back/forward is closing (saving first): no longer in the URL. */
  private readonly closing = new Set<number>();
  private readonly watched = new WeakSet<object>();
  /** Drafts back/forward or a URL is opening (being read): already in the URL, before their window is. */
  private readonly opening: string[] = [];

  constructor(
    private readonly location: LocationLike,
    private readonly mailbox: MailboxStore,
    private readonly reader: ReaderStore,
    private readonly compose: ComposeStore,
  ) {
    location.onPop(() => void (this.started && this.apply(false)));
    for (const store of [mailbox.store, reader.store]) store.subscribe(() => this.changed());
    compose.store.subscribe(() => {
      // A window's draft UID lives in its own form store.
      for (const { form } of compose.state.windows) {
        if (this.watched.has(form)) continue;
        this.watched.add(form);
        form.store.subscribe(() => this.changed());
      }
      this.changed();
    });
  }

  /** After sign-in: shows the place the URL names (INBOX for `/`), and from now on the URL follows. */
  async start(): Promise<void> {
    this.started = true;
    await this.apply(true);
  }

  /**
   * Signed out. A lost session (401) keeps the URL, so signing in again returns there; a logout
   * leaves `/`, so whoever signs in next on this browser starts at INBOX, not in the last one's mail.
   */
  stop(lost: boolean): void {
    this.started = false;
    if (!lost) this.location.replace("/");
  }

  /** The URL of a message of the list shown, for its link (a new tab opens it there). */
  messageHref(uid: number, rowFolder?: string): string {
    // A row of a search of all folders opens in its own folder.
    if (rowFolder !== undefined) return formatRoute(route({ folder: rowFolder, uid }));
    return formatRoute({ ...this.shown(), uid, compose: [] });
  }

  /** A window's token in the URL: its draft's UID once it has one. */
  private token(form: ComposeStore["state"]["windows"][number]["form"]): string {
    const uid = form.state.compose?.draftUid ?? null;
    return uid === null ? "new" : String(uid);
  }

  /** The place the stores show. */
  private shown(): Route {
    const { folder, query, fields, page, sort, order, filter } = this.mailbox.state;
    const { openUid } = this.reader.state;
    const compose: string[] = [];
    for (const { id, form } of this.compose.state.windows) {
      if (this.closing.has(id)) continue;
      const token = this.token(form);
      this.windowTokens.set(id, (this.windowTokens.get(id) ?? new Set()).add(token));
      compose.push(token);
    }
    for (const token of this.opening) if (!compose.includes(token)) compose.push(token);
    return { folder, query, ...(hasFields(fields) ? { fields } : {}), page, sort, order, filter, uid: this.reader.state.folder === folder ? openUid : null, compose };
  }

  // One action changes several stores in a row (another folder also closes the message): the URL
  // is written once, after them, so one click is one history entry.
  private changed(): void {
    if (!this.started || this.applying || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.started) this.write(false);
    });
  }

  private write(replace: boolean): void {
    if (inOtherView(this.location.current())) return;
    const next = this.shown();
    const url = formatRoute(next);
    const now = parseRoute(this.location.current());
    if (now && formatRoute(now) === url) return;
    if (!replace && now && onlyCloses(now, next)) {
      // Back to the entry this was opened from, so that Back does not reopen it.
      if (this.location.previous() === url) this.location.back();
      else this.location.replace(url);
    } else if (replace) this.location.replace(url);
    else this.location.push(url);
  }

  /** The stores show what the URL names; `/` and `/m/` become INBOX's URL (replaced, not pushed). */
  private async apply(signingIn: boolean): Promise<void> {
    // Back/forward to another view's URL: the mail view stays as it was, for the way back.
    if (!signingIn && inOtherView(this.location.current())) return;
    const target = parseRoute(this.location.current()) ?? route({ folder: HOME });
    // A draft opened by its URL opens in compose, not the reader.
    if (target.uid !== null && folderByRole(this.mailbox.state.folders, "drafts")?.name === target.folder) {
      if (!target.compose.includes(String(target.uid))) target.compose = [...target.compose, String(target.uid)];
      target.uid = null;
    }
    const { folder, query, fields, page, sort, order, filter } = this.mailbox.state;
    const view: ListView = { page: target.page, sort: target.sort, order: target.order, filter: target.filter };
    const loads: Promise<unknown>[] = [];
    this.applying = true;
    try {
      const sameView = page === view.page && sort === view.sort && order === view.order && filter === view.filter;
      if (signingIn || target.folder !== folder || target.query !== query || !sameFields(target.fields, fields) || !sameView) {
        loads.push(this.mailbox.openFolder(target.folder, target.query, view, target.fields));
      }
      // (read after openFolder, which closes the message)
      const { openUid, folder: openIn } = this.reader.state;
      if (target.uid === null) {
        if (openUid !== null) this.reader.close();
      } else if (target.uid !== openUid || openIn !== target.folder) loads.push(this.mailbox.openMessage(target.uid));
      // Signing in, a window without a draft has nothing to give back (what was typed before a 401
      // comes back from the pending drafts); one with a draft reopens it.
      loads.push(...this.applyCompose(signingIn ? target.compose.filter((t) => t !== "new") : target.compose, signingIn));
    } finally {
      this.applying = false;
    }
    this.write(true);
    await Promise.all(loads);
  }

  /** The windows the URL names open (a draft from Drafts, or a new form); the others close, keeping their draft. */
  // Signing in, a window already open is one given back from before a 401 (restorePending may run
  // before or after this, as the account's address and the settings arrive): it stays open and
  // the URL then names it, rather than being closed for not being in the URL.
  private applyCompose(tokens: string[], keepOpen = false): Promise<unknown>[] {
    const unmatched = this.compose.state.windows.filter((w) => !this.closing.has(w.id));
    const toOpen: string[] = [];
    for (const token of tokens) {
      const index = unmatched.findIndex((w) => this.token(w.form) === token || this.windowTokens.get(w.id)?.has(token));
      if (index >= 0) unmatched.splice(index, 1);
      else toOpen.push(token);
    }
    const work: Promise<unknown>[] = (keepOpen ? [] : unmatched).map(({ id }) => {
      this.closing.add(id);
      return this.compose.close(id).finally(() => {
        this.closing.delete(id);
        this.windowTokens.delete(id);
      });
    });
    for (const token of toOpen) {
      if (token === "new") {
        this.compose.open("new");
        continue;
      }
      this.opening.push(token);
      work.push(
        this.compose.editDraft(Number(token)).finally(() => {
          this.opening.splice(this.opening.indexOf(token), 1);
          this.changed(); // a draft that could not be read leaves the URL
        }),
      );
    }
    return work;
  }
}
