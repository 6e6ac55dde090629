// The 필터 and 부재중 자동응답 client (/settings/filters, /settings/vacation, docs/api.yaml), over
// MailApi's authenticated calls. The server keeps both in the user's Sieve script (ManageSieve).
import type { MailApi } from "./mailApi";

export type FilterField = "from" | "to" | "cc" | "subject" | "size" | `header:${string}`;
export type FilterOperator = "contains" | "is" | "matches" | "over" | "under";
export type FilterActionType = "move" | "copy" | "mark_read" | "flag" | "forward" | "discard" | "stop";

export interface FilterCondition {
  field: string;
  op: FilterOperator;
  value: string;
}

export interface FilterAction {
  type: FilterActionType;
  folder?: string;
  to?: string;
}

export interface MailFilter {
  name: string;
  enabled: boolean;
  match: "all" | "any";
  conditions: FilterCondition[];
  actions: FilterAction[];
}

/** Another program's active script: shown read-only; ours are then not in effect. */
export interface ForeignScript {
  name: string;
  script: string;
}

export interface FiltersAnswer {
  filters: MailFilter[];
  editable: boolean;
  foreign?: ForeignScript;
}

export interface Vacation {
  enabled: boolean;
  /** `YYYY-MM-DD`, inclusive; absent: from now on / until turned off. */
  start?: string | null;
  end?: string | null;
  subject: string;
  /** The text; with `html`, the text alternative the server made from it. */
  body: string;
  /** An HTML reply (sent as multipart/alternative with `body`); null or absent: text. */
  html?: string | null;
  days: number;
  addresses?: string[] | null;
}

export interface VacationAnswer extends Vacation {
  editable: boolean;
  foreign?: ForeignScript;
}

/** The active script as text (/settings/sieve/raw): the 고급 page edits it. */
export interface RawScript {
  /** The active script's name; null when none is active. */
  name: string | null;
  script: string;
  /** Whether it is the webmail's own, unedited script (then 필터 and 부재중 edit it). */
  ours: boolean;
}

export class SieveApi {
  constructor(private readonly api: MailApi) {}

  filters(): Promise<FiltersAnswer> {
    return this.api.call<FiltersAnswer>("GET", "/settings/filters");
  }

  saveFilters(filters: MailFilter[], replaceForeign = false): Promise<FiltersAnswer> {
    return this.api.call<FiltersAnswer>("PUT", "/settings/filters", replaceForeign ? { filters, replace_foreign: true } : { filters });
  }

  vacation(): Promise<VacationAnswer> {
    return this.api.call<VacationAnswer>("GET", "/settings/vacation");
  }

  saveVacation(vacation: Vacation, replaceForeign = false): Promise<VacationAnswer> {
    return this.api.call<VacationAnswer>("PUT", "/settings/vacation", replaceForeign ? { ...vacation, replace_foreign: true } : vacation);
  }

  raw(): Promise<RawScript> {
    return this.api.call<RawScript>("GET", "/settings/sieve/raw");
  }

  /** The server compiles it first (CHECKSCRIPT): errors come back as `sieve_script_invalid` with the compiler's lines. */
  saveRaw(script: string): Promise<RawScript> {
    return this.api.call<RawScript>("PUT", "/settings/sieve/raw", { script });
  }
}
