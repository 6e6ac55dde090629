// The 필터 page's rule form and the API's rule (api/sieveApi.ts), both ways, with the checks the
// server makes (Sources/Webmail/Filters/SieveRulesValidation.swift) so most mistakes show before a
// save. Error keys are the server's paths below the rule (`conditions[1].value`), so a 400 from the
// server lands next to the same field.
import type { FilterAction, FilterActionType, FilterOperator, MailFilter } from "../api/sieveApi";

export type FormField = "from" | "to" | "cc" | "subject" | "header" | "size";
export type SizeUnit = "K" | "M";

export interface ConditionForm {
  field: FormField;
  /** The header's name when field is "header". */
  header: string;
  op: FilterOperator;
  value: string;
  unit: SizeUnit;
}

export interface ActionForm {
  type: FilterActionType;
  folder: string;
  to: string;
}

export interface RuleForm {
  name: string;
  enabled: boolean;
  match: "all" | "any";
  conditions: ConditionForm[];
  actions: ActionForm[];
}

export type RuleProblem = "nameMissing" | "headerInvalid" | "valueMissing" | "sizeInvalid" | "folderMissing" | "addressInvalid" | "actionsMissing" | "tooMany";

export const FORM_FIELDS: readonly FormField[] = ["from", "to", "cc", "subject", "header", "size"];
export const ACTION_TYPES: readonly FilterActionType[] = ["move", "copy", "mark_read", "flag", "forward", "discard", "stop"];
export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 10;

/** The operators that fit a field: sizes compare, texts match. */
export function operatorsFor(field: FormField): FilterOperator[] {
  return field === "size" ? ["over", "under"] : ["contains", "is", "matches"];
}

export function newCondition(): ConditionForm {
  return { field: "subject", header: "", op: "contains", value: "", unit: "K" };
}

export function newAction(): ActionForm {
  return { type: "move", folder: "", to: "" };
}

export function newRule(): RuleForm {
  return { name: "", enabled: true, match: "all", conditions: [newCondition()], actions: [newAction()] };
}

/** A new field keeps the operator when it still fits, else takes the field's first. */
export function withField(condition: ConditionForm, field: FormField): ConditionForm {
  const ops = operatorsFor(field);
  return { ...condition, field, op: ops.includes(condition.op) ? condition.op : ops[0] };
}

/** `500K`, `2M`, `1G` or bytes → the number and unit the form shows (G in M, bytes in K rounded up). */
function sizeForm(value: string): { value: string; unit: SizeUnit } {
  const match = /^(\d+)([KkMmGg]?)$/.exec(value.trim());
  if (!match) return { value, unit: "K" };
  const n = Number(match[1]);
  switch (match[2].toUpperCase()) {
    case "M":
      return { value: String(n), unit: "M" };
    case "G":
      return { value: String(n * 1024), unit: "M" };
    case "K":
      return { value: String(n), unit: "K" };
    default:
      return { value: String(Math.ceil(n / 1024)), unit: "K" };
  }
}

export function ruleToForm(rule: MailFilter): RuleForm {
  return {
    name: rule.name,
    enabled: rule.enabled,
    match: rule.match,
    conditions: rule.conditions.map((c): ConditionForm => {
      if (c.field === "size") return { field: "size", header: "", op: c.op, ...sizeForm(c.value) };
      if (c.field.startsWith("header:")) return { field: "header", header: c.field.slice("header:".length), op: c.op, value: c.value, unit: "K" };
      const field = FORM_FIELDS.find((f) => f === c.field) ?? "subject";
      return { field, header: "", op: c.op, value: c.value, unit: "K" };
    }),
    actions: rule.actions.map((a) => ({ type: a.type, folder: a.folder ?? "", to: a.to ?? "" })),
  };
}

export function formToRule(form: RuleForm): MailFilter {
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    match: form.match,
    conditions: form.conditions.map((c) => {
      if (c.field === "size") return { field: "size", op: c.op, value: `${c.value.trim()}${c.unit}` };
      return { field: c.field === "header" ? `header:${c.header.trim()}` : c.field, op: c.op, value: c.value };
    }),
    actions: form.actions.map((a): FilterAction => {
      if (a.type === "move" || a.type === "copy") return { type: a.type, folder: a.folder };
      if (a.type === "forward") return { type: a.type, to: a.to.trim() };
      return { type: a.type };
    }),
  };
}

const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;
const ADDRESS = /^[^\s"\\<>()[\],;:@]+@[^\s"\\<>()[\],;:@.][^\s"\\<>()[\],;:@]*\.[^\s"\\<>()[\],;:@]*[^\s"\\<>()[\],;:@.]$/;

/** What is wrong with the form, by the field's path below the rule; empty when it can be saved. */
export function checkRule(form: RuleForm): Record<string, RuleProblem> {
  const problems: Record<string, RuleProblem> = {};
  if (!form.name.trim()) problems.name = "nameMissing";
  if (form.conditions.length > MAX_CONDITIONS) problems.conditions = "tooMany";
  form.conditions.forEach((c, i) => {
    if (c.field === "header" && !HEADER_NAME.test(c.header.trim())) problems[`conditions[${i}].field`] = "headerInvalid";
    if (c.field === "size") {
      if (!/^\d{1,9}$/.test(c.value.trim())) problems[`conditions[${i}].value`] = "sizeInvalid";
    } else if (!c.value) problems[`conditions[${i}].value`] = "valueMissing";
  });
  if (form.actions.length === 0 || form.actions.length > MAX_ACTIONS) problems.actions = "actionsMissing";
  form.actions.forEach((a, i) => {
    if ((a.type === "move" || a.type === "copy") && !a.folder) problems[`actions[${i}].folder`] = "folderMissing";
    if (a.type === "forward" && !ADDRESS.test(a.to.trim())) problems[`actions[${i}].to`] = "addressInvalid";
  });
  return problems;
}

/** A 400's detail (`filters[2].conditions[0].value: 값을 적어 주세요`) → the rule, the field below it, and the reason. */
export function serverProblem(detail: string | null): { rule: number | null; path: string; reason: string } | null {
  const match = /^(?:filters\[(\d+)\]\.?)?([\w.[\]]*): (.*)$/s.exec(detail ?? "");
  if (!match) return null;
  return { rule: match[1] === undefined ? null : Number(match[1]), path: match[2], reason: match[3] };
}
