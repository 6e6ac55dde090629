// Recent correspondents, for address suggestions in the compose form. Kept in localStorage per user.
import type { Address } from "../api/types";

const LIMIT = 100;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class RecentAddresses {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  all(): Address[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) ?? "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (a): a is Address => !!a && typeof a === "object" && typeof a.email === "string" && typeof a.name === "string",
      );
    } catch {
      return [];
    }
  }

  /** Moves the given addresses to the front (most recent first). */
  remember(addresses: Address[]): void {
    if (!this.storage || addresses.length === 0) return;
    const fresh = addresses.filter((a) => a.email);
    const keys = new Set(fresh.map((a) => a.email.toLowerCase()));
    const merged = [...fresh, ...this.all().filter((a) => !keys.has(a.email.toLowerCase()))].slice(0, LIMIT);
    try {
      this.storage.setItem(this.key, JSON.stringify(merged));
    } catch {
      // storage full or disabled: suggestions are a convenience
    }
  }

  suggest(prefix: string, max = 6): Address[] {
    const needle = prefix.trim().toLowerCase();
    if (!needle) return [];
    return this.all()
      .filter((a) => a.email.toLowerCase().includes(needle) || a.name.toLowerCase().includes(needle))
      .slice(0, max);
  }
}
