// Every view has its own URL (issue 25): the folder, its search and the open message live in the
// address bar, so back/forward and reload keep the user's place and a message opens in a new tab.
// The URL follows the mailbox and reader stores (one history entry per change of place), and
// back/forward drive those stores; nothing else touches the history.
//
//   /m/<folder>[?q=<search>][&<detailed search>][&uid=<uid>]     e.g. /m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid=12
//
// (the detailed search's fields: lib/searchQuery.ts)
//
// The prefix /m/ ("mail"): one letter, and never an API path. The API answers at /X and at /api/X
// (/auth, /mail, /api, /health, /metrics, and later /settings, /contacts, /files, /events, …),
// so a path of the SPA's own must not start with a word the API may take; a single letter never will.
// The folder is its full IMAP name; each `/`-separated part is percent-encoded (space, +, %, &, #,
// quotes, Korean), the `/` of a nested folder stays a separator, so 프로젝트/부산3D reads as a path.
// The message is `?uid=`, not a last path part: a folder may be named `12` (프로젝트/12), and the path
// then always names exactly a folder.
import type { SearchFields } from "../api/types";
import type { LocationLike } from "../lib/browserLocation";
import { hasFields, readFields, sameFields, writeFields } from "../lib/searchQuery";
import type { MailboxStore } from "./mailboxStore";
import type { ReaderStore } from "./readerStore";

export const ROUTE_PREFIX = "/m/";
const HOME = "INBOX";

export interface Route {
  folder: string;
  query: string;
  /** The detailed search (상세 검색); absent when none. */
  fields?: SearchFields;
  uid: number | null;
}

export function formatRoute({ folder, query, fields, uid }: Route): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  writeFields(params, fields);
  if (uid !== null) params.set("uid", String(uid));
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
  return { folder, query: params.get("q") ?? "", ...(hasFields(fields) ? { fields } : {}), uid: /^[1-9]\d{0,9}$/.test(uid) ? Number(uid) : null };
}

export class RouteStore {
  /** Signed in: the URL follows the stores and back/forward drive them. */
  private started = false;
  private applying = false;
  private scheduled = false;

  constructor(
    private readonly location: LocationLike,
    private readonly mailbox: MailboxStore,
    private readonly reader: ReaderStore,
  ) {
    location.onPop(() => void (this.started && this.apply(false)));
    for (const store of [mailbox.store, reader.store]) store.subscribe(() => this.changed());
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
    const { folder, query, fields } = this.mailbox.state;
    // A row of a search of all folders opens in its own folder.
    if (rowFolder !== undefined) return formatRoute({ folder: rowFolder, query: "", uid });
    return formatRoute({ folder, query, fields, uid });
  }

  /** The place the stores show. */
  private shown(): Route {
    const { folder, query, fields } = this.mailbox.state;
    const { openUid } = this.reader.state;
    return { folder, query, fields, uid: this.reader.state.folder === folder ? openUid : null };
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
    const url = formatRoute(this.shown());
    const now = parseRoute(this.location.current());
    if (now && formatRoute(now) === url) return;
    if (replace) this.location.replace(url);
    else this.location.push(url);
  }

  /** The stores show what the URL names; `/` and `/m/` become INBOX's URL (replaced, not pushed). */
  private async apply(signingIn: boolean): Promise<void> {
    const route = parseRoute(this.location.current()) ?? { folder: HOME, query: "", uid: null };
    const { folder, query, fields } = this.mailbox.state;
    const loads: Promise<void>[] = [];
    this.applying = true;
    try {
      if (signingIn || route.folder !== folder || route.query !== query || !sameFields(route.fields, fields)) {
        loads.push(this.mailbox.openFolder(route.folder, route.query, route.fields));
      }
      // (read after openFolder, which closes the message)
      const { openUid, folder: openIn } = this.reader.state;
      if (route.uid === null) {
        if (openUid !== null) this.reader.close();
      } else if (route.uid !== openUid || openIn !== route.folder) loads.push(this.mailbox.openMessage(route.uid));
    } finally {
      this.applying = false;
    }
    this.write(true);
    await Promise.all(loads);
  }
}
