// The correspondents kept in localStorage per user before the server collected them (issue 27):
// read once at sign-in to move them to the server, then removed.
import type { Address } from "../api/types";

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

export class RecentAddresses {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  all(): Address[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) || "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (a): a is Address => !!a && typeof a === "object" && typeof a.email === "string" && typeof a.name === "string",
      );
    } catch {
      return [];
    }
  }

  clear(): void {
    try {
      if (this.storage?.removeItem) this.storage.removeItem(this.key);
      else this.storage?.setItem(this.key, "");
    } catch {
      // storage disabled: nothing to remove
    }
  }
}
