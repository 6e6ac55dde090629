// What was being written when a session ended (a 401), kept in localStorage until its owner signs
// in again on this browser. On a shared office PC the next person must never see it: each kept
// form is stored under its owner's address and given back only to that account. It is kept for at
// most PENDING_DRAFT_LIFETIME_MS (ZM_TOKEN_LIFETIME's default, 8 h: one working day) — long enough
// for its owner to come back after a lunch break or an expired session, short enough not to sit on
// the shared PC for days; another user's login neither shows nor deletes it.

export const PENDING_DRAFT_LIFETIME_MS = 8 * 3600 * 1000;

interface Kept<T> {
  savedAt: number;
  form: T;
}

/** owner (lower-case e-mail) → the form they were writing. */
type Shelf<T> = Record<string, Kept<T>>;

function ownerKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The entries still in date; anything unreadable (including the old owner-less format) is dropped. */
function readShelf<T>(raw: string | null, now: number): Shelf<T> {
  const shelf: Shelf<T> = {};
  if (!raw) return shelf;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return shelf;
    for (const [owner, entry] of Object.entries(parsed as Record<string, unknown>)) {
      if (!owner || !entry || typeof entry !== "object") continue;
      const { savedAt, form } = entry as Partial<Kept<T>>;
      if (typeof savedAt !== "number" || form === undefined || form === null) continue;
      if (now - savedAt >= PENDING_DRAFT_LIFETIME_MS || savedAt > now + 60_000) continue;
      shelf[owner] = { savedAt, form };
    }
  } catch {
    // not ours, or damaged: nothing to restore
  }
  return shelf;
}

function writeShelf<T>(shelf: Shelf<T>): string {
  return Object.keys(shelf).length ? JSON.stringify(shelf) : "";
}

/** The stored value after keeping `form` for `owner` (replacing what that owner had kept before). */
export function keepPendingDraft<T>(raw: string | null, owner: string, form: T, now: number = Date.now()): string {
  const shelf = readShelf<T>(raw, now);
  if (ownerKey(owner)) shelf[ownerKey(owner)] = { savedAt: now, form };
  return writeShelf(shelf);
}

/** `account`'s kept form, if any, and the stored value without it (other owners' forms stay). */
export function takePendingDraft<T>(raw: string | null, account: string, now: number = Date.now()): { form: T | null; rest: string } {
  const shelf = readShelf<T>(raw, now);
  const key = ownerKey(account);
  const mine = key ? shelf[key] : undefined;
  if (mine) delete shelf[key];
  return { form: mine?.form ?? null, rest: writeShelf(shelf) };
}
