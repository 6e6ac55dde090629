// The 필터 and 부재중 자동응답 pages' state: the rules and the reply as the server has them, what
// the last save said wrong (by the field's path), and another program's script when one is active.
// In the pages' chunk: made on first use (sieveStoreFor), not at start.
import { useSyncExternalStore } from "react";
import { SieveApi, type ForeignScript, type MailFilter, type RawScript, type Vacation } from "../api/sieveApi";
import { serverProblem } from "../lib/filterForm";
import type { AppStores } from "./appStores";

export type SieveLoad = "loading" | "ready" | "server_down" | "unavailable";

export interface SieveState {
  filtersLoad: SieveLoad;
  filters: MailFilter[];
  vacationLoad: SieveLoad;
  vacation: Vacation;
  foreign: ForeignScript | null;
  /** The last refused save: which rule (null: the reply or the list), the field's path below it, the server's reason. */
  problem: { rule: number | null; path: string; reason: string } | null;
  saving: boolean;
  /** The last save went through (cleared by the next edit or save). */
  saved: boolean;
  rawLoad: SieveLoad;
  raw: RawScript;
  /** The server's compiler refused the raw script: its messages and the first line it names (1-based). */
  rawProblem: { message: string; line: number | null } | null;
  /** The last save failed for another reason (the Sieve server down, …), worded for the user. */
  error: string | null;
}

const VACATION_OFF: Vacation = { enabled: false, start: null, end: null, subject: "", body: "", days: 1 };

// The error's stable code (api/apiError.ts), read without importing ApiError or DomainStore: the
// start bundle's modules imported here would be split into a shared chunk counted at start.
function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

function loadFailure(error: unknown): SieveLoad {
  return codeOf(error) === "sieve_unavailable" ? "unavailable" : "server_down";
}

export class SieveStore {
  private current: SieveState;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly app: AppStores) {
    this.api = new SieveApi(app.api);
    this.current = { filtersLoad: "loading", filters: [], vacationLoad: "loading", vacation: VACATION_OFF, foreign: null, problem: null,
      rawLoad: "loading", raw: { name: null, script: "", ours: false }, rawProblem: null, saving: false, saved: false, error: null };
  }

  get state(): SieveState {
    return this.current;
  }

  private set(patch: Partial<SieveState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** For components: re-renders when the selected slice changes (Object.is). */
  use<S>(selector: (state: SieveState) => S): S {
    return useSyncExternalStore(this.subscribe, () => selector(this.current));
  }

  private readonly api: SieveApi;

  async loadFilters(): Promise<void> {
    this.set({ filtersLoad: "loading", problem: null });
    try {
      const answer = await this.api.filters();
      this.set({ filtersLoad: "ready", filters: answer.filters, foreign: answer.foreign ?? null });
    } catch (error) {
      this.set({ filtersLoad: loadFailure(error) });
    }
  }

  async loadVacation(): Promise<void> {
    this.set({ vacationLoad: "loading", problem: null });
    try {
      const { editable: _e, foreign, ...vacation } = await this.api.vacation();
      this.set({ vacationLoad: "ready", vacation, foreign: foreign ?? null });
      this.app.vacation.show(vacation);
    } catch (error) {
      this.set({ vacationLoad: loadFailure(error) });
    }
  }

  /** Stores the whole list; false (and the server's reason in `problem`) when it was refused. */
  async saveFilters(filters: MailFilter[], replaceForeign = false): Promise<boolean> {
    return this.saving(async () => {
      const answer = await this.api.saveFilters(filters, replaceForeign);
      this.set({ filters: answer.filters, foreign: answer.foreign ?? null });
    });
  }

  async saveVacation(vacation: Vacation, replaceForeign = false): Promise<boolean> {
    return this.saving(async () => {
      const { editable: _e, foreign, ...saved } = await this.api.saveVacation(vacation, replaceForeign);
      this.set({ vacation: saved, foreign: foreign ?? null });
      this.app.vacation.show(saved);
    });
  }

  async loadRaw(): Promise<void> {
    this.set({ rawLoad: "loading", rawProblem: null });
    try {
      this.set({ rawLoad: "ready", raw: await this.api.raw() });
    } catch (error) {
      this.set({ rawLoad: loadFailure(error) });
    }
  }

  /** Saves the hand-written script; false when refused (the compiler's messages in `rawProblem`). */
  async saveRaw(script: string): Promise<boolean> {
    return this.saving(async () => this.set({ raw: await this.api.saveRaw(script) }));
  }

  /** Back from a hand-written script to the webmail's: its rules (as last saved by the pages) written over it; false, writing nothing, until they are loaded. */
  async restoreRules(): Promise<boolean> {
    // Only the rules as loaded: before (or without) them the list is empty, and writing it
    // would replace the user's rules with none.
    if (this.state.filtersLoad !== "ready") return false;
    const answer = await this.saveFilters(this.state.filters, true);
    if (answer) await this.loadRaw();
    return answer;
  }

  /** The user changed something: the last save's outcome no longer applies. */
  edited(): void {
    if (this.state.saved || this.state.error) this.set({ saved: false, error: null });
  }

  private async saving(work: () => Promise<void>): Promise<boolean> {
    this.set({ saving: true, problem: null, rawProblem: null, saved: false, error: null });
    try {
      await work();
      this.set({ saved: true });
      return true;
    } catch (error) {
      const problem = codeOf(error) === "invalid_sieve_rules" ? serverProblem((error as { detail: string | null }).detail) : null;
      if (problem) this.set({ problem });
      else if (codeOf(error) === "sieve_script_invalid") this.set({ rawProblem: compilerProblem((error as { detail: string | null }).detail) });
      else if (codeOf(error) === "sieve_script_foreign") await this.loadAfterForeign();
      else this.set({ error: this.app.notices.describe(error) });
      return false;
    } finally {
      this.set({ saving: false });
    }
  }

  /** Another program's script became active meanwhile: show it (read-only, with 교체). */
  private async loadAfterForeign(): Promise<void> {
    try {
      const answer = await this.api.filters();
      this.set({ foreign: answer.foreign ?? null });
    } catch {
      // the page keeps what it shows
    }
  }
}

/** "스크립트 오류: zioinfo-mail: line 4: error: …": the messages, and the first line number Pigeonhole names. */
export function compilerProblem(detail: string | null): { message: string; line: number | null } {
  const message = (detail ?? "").replace(/^스크립트 오류:\s*/, "");
  const line = /\bline (\d+)\b/.exec(message);
  return { message, line: line ? Number(line[1]) : null };
}

const stores = new WeakMap<AppStores, SieveStore>();

export function sieveStoreFor(app: AppStores): SieveStore {
  let store = stores.get(app);
  if (!store) stores.set(app, (store = new SieveStore(app)));
  return store;
}
