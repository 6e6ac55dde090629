// The address bar and the tab's history, behind the calls the route store needs: the browser's
// in the app, an in-memory one in tests (and wherever no browser is given). Each entry pushed
// remembers the URL it was pushed from (the browser keeps it in history.state, over a reload), so
// closing a message or a compose window can go back to that entry rather than push a copy of it.

export interface LocationLike {
  /** Path and query of the current entry, as the address bar has them (percent-encoded). */
  current(): string;
  /** A new history entry (back returns to the one before). */
  push(url: string): void;
  /** The current entry changes its URL without a new one. */
  replace(url: string): void;
  /** Back/forward moved to another entry. */
  onPop(listener: () => void): void;
  /** The URL the current entry was pushed from (the entry Back returns to), if it is known. */
  previous(): string | null;
  /** The browser's Back. */
  back(): void;
}

interface EntryState {
  from?: unknown;
}

export function browserLocation(): LocationLike {
  return {
    current: () => window.location.pathname + window.location.search,
    push: (url) => {
      const state: EntryState = { from: window.location.pathname + window.location.search };
      window.history.pushState(state, "", url);
    },
    replace: (url) => window.history.replaceState(window.history.state, "", url),
    onPop: (listener) => window.addEventListener("popstate", listener),
    previous: () => {
      const from = (window.history.state as EntryState | null)?.from;
      return typeof from === "string" ? from : null;
    },
    back: () => window.history.back(),
  };
}

/** A history of its own: `entries` and `index` for tests to read, `go` to press back/forward. */
export class MemoryLocation implements LocationLike {
  entries: string[];
  index = 0;
  /** Per entry, the URL it was pushed from (as history.state keeps it). */
  private from: (string | null)[];
  private listeners: (() => void)[] = [];

  constructor(start = "/") {
    this.entries = [start];
    this.from = [null];
  }

  current(): string {
    return this.entries[this.index];
  }

  push(url: string): void {
    this.from = [...this.from.slice(0, this.index + 1), this.current()];
    this.entries = [...this.entries.slice(0, this.index + 1), url];
    this.index = this.entries.length - 1;
  }

  previous(): string | null {
    return this.from[this.index];
  }

  back(): void {
    this.go(-1);
  }

  replace(url: string): void {
    this.entries[this.index] = url;
  }

  onPop(listener: () => void): void {
    this.listeners.push(listener);
  }

  go(delta: number): void {
    this.index = Math.min(Math.max(0, this.index + delta), this.entries.length - 1);
    for (const listener of this.listeners) listener();
  }
}
