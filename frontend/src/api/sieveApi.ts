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
  body: string;
  days: number;
  addresses?: string[] | null;
}

export interface VacationAnswer extends Vacation {
  editable: boolean;
  foreign?: ForeignScript;
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
}
