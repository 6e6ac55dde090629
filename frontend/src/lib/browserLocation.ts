// The address bar and the tab's history, behind the four calls the route store needs: the browser's
// in the app, an in-memory one in tests (and wherever no browser is given).

export interface LocationLike {
  /** Path and query of the current entry, as the address bar has them (percent-encoded). */
  current(): string;
  /** A new history entry (back returns to the one before). */
  push(url: string): void;
  /** The current entry changes its URL without a new one. */
  replace(url: string): void;
  /** Back/forward moved to another entry. */
  onPop(listener: () => void): void;
}

export function browserLocation(): LocationLike {
  return {
    current: () => window.location.pathname + window.location.search,
    push: (url) => window.history.pushState(null, "", url),
    replace: (url) => window.history.replaceState(null, "", url),
    onPop: (listener) => window.addEventListener("popstate", listener),
  };
}

/** A history of its own: `entries` and `index` for tests to read, `go` to press back/forward. */
export class MemoryLocation implements LocationLike {
  entries: string[];
  index = 0;
  private listeners: (() => void)[] = [];

  constructor(start = "/") {
    this.entries = [start];
  }

  current(): string {
    return this.entries[this.index];
  }

  push(url: string): void {
    this.entries = [...this.entries.slice(0, this.index + 1), url];
    this.index = this.entries.length - 1;
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
