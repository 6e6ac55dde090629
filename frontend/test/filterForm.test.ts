// The 필터 page's rule form ↔ the API's rule, the operators each field offers, the checks before
// a save, a server 400's path, and when the 부재중 banner shows (issue 31).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MailFilter } from "../src/api/sieveApi";
import { checkRule, formToRule, newRule, operatorsFor, ruleToForm, serverProblem, withField } from "../src/lib/filterForm";
import { koreanToday, vacationActive } from "../src/store/vacationStatusStore";

const rule: MailFilter = {
  name: "견적",
  enabled: true,
  match: "any",
  conditions: [
    { field: "subject", op: "contains", value: "견적" },
    { field: "header:X-Priority", op: "is", value: "1" },
    { field: "size", op: "over", value: "2M" },
  ],
  actions: [{ type: "move", folder: "견적" }, { type: "forward", to: "boss@zioinfo.kr" }, { type: "stop" }],
};

test("a rule goes to the form and back unchanged", () => {
  const form = ruleToForm(rule);
  assert.equal(form.conditions[1].field, "header");
  assert.equal(form.conditions[1].header, "X-Priority");
  assert.deepEqual([form.conditions[2].value, form.conditions[2].unit], ["2", "M"]);
  assert.deepEqual(formToRule(form), rule);
});

test("sizes in G or bytes show in MB or KB", () => {
  const form = ruleToForm({ ...rule, conditions: [{ field: "size", op: "under", value: "1G" }, { field: "size", op: "over", value: "1500" }] });
  assert.deepEqual(form.conditions.map((c) => `${c.value}${c.unit}`), ["1024M", "2K"]);
});

test("size offers over/under, texts contains/is/matches; a new field keeps a fitting operator", () => {
  assert.deepEqual(operatorsFor("size"), ["over", "under"]);
  for (const field of ["from", "to", "cc", "subject", "header"] as const) assert.deepEqual(operatorsFor(field), ["contains", "is", "matches"]);
  const c = newRule().conditions[0];
  assert.equal(withField({ ...c, op: "is" }, "from").op, "is");
  assert.equal(withField({ ...c, op: "is" }, "size").op, "over");
  assert.equal(withField({ ...c, field: "size", op: "under" }, "subject").op, "contains");
});

test("the checks name the field by the server's path", () => {
  const form = newRule();
  assert.deepEqual(checkRule(form), { name: "nameMissing", "conditions[0].value": "valueMissing", "actions[0].folder": "folderMissing" });
  form.name = "x";
  form.conditions = [{ field: "header", header: "Bad:Name", op: "is", value: "1", unit: "K" }, { field: "size", header: "", op: "over", value: "5M", unit: "K" }];
  form.actions = [{ type: "forward", folder: "", to: "not an address" }];
  assert.deepEqual(checkRule(form), { "conditions[0].field": "headerInvalid", "conditions[1].value": "sizeInvalid", "actions[0].to": "addressInvalid" });
  form.actions = [];
  assert.equal(checkRule(form).actions, "actionsMissing");
  assert.deepEqual(checkRule(ruleToForm(rule)), {});
});

test("a server 400's detail is split into rule, path and reason", () => {
  assert.deepEqual(serverProblem("filters[2].conditions[0].value: 값을 적어 주세요"), { rule: 2, path: "conditions[0].value", reason: "값을 적어 주세요" });
  assert.deepEqual(serverProblem("vacation.end: 끝나는 날이 시작하는 날보다 앞섭니다"), { rule: null, path: "vacation.end", reason: "끝나는 날이 시작하는 날보다 앞섭니다" });
  assert.equal(serverProblem("본문이 올바르지 않습니다"), null);
});

test("the banner shows while the reply is on and today is within its dates (Korean time)", () => {
  const on = { enabled: true, subject: "", body: "휴가", days: 1 };
  assert.equal(koreanToday(Date.UTC(2026, 11, 7, 15, 30)), "2026-12-08");
  assert.equal(vacationActive({ ...on, start: "2026-12-07", end: "2026-12-08" }, "2026-12-08"), true);
  assert.equal(vacationActive({ ...on, start: null, end: null }, "2026-12-08"), true);
  assert.equal(vacationActive({ ...on, start: "2026-12-09" }, "2026-12-08"), false);
  assert.equal(vacationActive({ ...on, end: "2026-12-07" }, "2026-12-08"), false);
  assert.equal(vacationActive({ ...on, enabled: false }, "2026-12-08"), false);
  assert.equal(vacationActive(null, "2026-12-08"), false);
});
