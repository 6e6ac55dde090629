// Address suggestions while a recipient is typed (GET /contacts/suggest): one list at a time, for
// the field that asked last. Asks 150 ms after the last keystroke, never in the middle of an IME
// composition (a half-built 한글 syllable is not what the user means: it asks at compositionend),
// and drops answers that came back after a newer question.
import type { ContactsApi, Suggestion } from "../api/contactsApi";
import { timerScheduler, type Scheduler } from "../lib/scheduler";
import { DomainStore } from "./domainStore";

export const SUGGEST_DELAY_MS = 150;
const LIMIT = 8;

export interface SuggestState {
  /** The field the list belongs to (e.g. "compose-to"), null when no list is shown. */
  owner: string | null;
  items: Suggestion[];
  /** The highlighted row. */
  active: number;
}

export class SuggestStore extends DomainStore<SuggestState> {
  private cancelPending: (() => void) | null = null;
  private asked = 0;

  constructor(
    private readonly contacts: ContactsApi,
    private readonly schedule: Scheduler = timerScheduler,
  ) {
    super({ owner: null, items: [], active: 0 });
  }

  /** The text being typed in `owner` changed; `composing` while an IME composition is open. */
  typed(owner: string, text: string, composing = false): void {
    this.cancel();
    if (composing) return;
    const query = text.trim();
    if (!query) return this.close();
    this.cancelPending = this.schedule(SUGGEST_DELAY_MS, () => void this.ask(owner, query));
  }

  private async ask(owner: string, query: string): Promise<void> {
    this.cancelPending = null;
    const asked = ++this.asked;
    try {
      const items = await this.contacts.suggest(query, LIMIT);
      if (asked === this.asked) this.set({ owner: items.length ? owner : null, items, active: 0 });
    } catch {
      // suggestions are a convenience: typing goes on without them
      if (asked === this.asked) this.close();
    }
  }

  /** ↑/↓ through the list, round. */
  move(delta: number): void {
    const count = this.state.items.length;
    if (count) this.set((s) => ({ active: (s.active + delta + count) % count }));
  }

  highlight(index: number): void {
    this.set({ active: index });
  }

  /** The highlighted suggestion of `owner`'s list, if it shows one. */
  current(owner: string): Suggestion | null {
    return this.state.owner === owner ? (this.state.items[this.state.active] ?? null) : null;
  }

  close(): void {
    this.cancel();
    this.asked++;
    if (this.state.owner !== null) this.set({ owner: null, items: [], active: 0 });
  }

  private cancel(): void {
    this.cancelPending?.();
    this.cancelPending = null;
  }
}
