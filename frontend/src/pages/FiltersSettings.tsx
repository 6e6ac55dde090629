// 필터 (/s/filters): the user's rules in order, each on/off, edited one at a time; a save stores
// the whole list (PUT /settings/filters). Another program's active script is shown read-only with 교체.
// Order: drag a rule by its handle (pointer events: mouse, pen and touch alike), or ↑/↓ from the keyboard.
import { useEffect, useRef, useState } from "react";
import type { FilterActionType, FilterOperator, MailFilter } from "../api/sieveApi";
import { useApp } from "../context";
import {
  ACTION_TYPES, checkRule, FORM_FIELDS, formToRule, newAction, newCondition, newRule, operatorsFor, ruleToForm, withField,
  type ActionForm, type ConditionForm, type FormField, type RuleForm,
} from "../lib/filterForm";
import { sieveStoreFor } from "../store/sieveStore";
import { ForeignScriptNotice, SieveUnavailable, useSieveText } from "./sieveParts";

function FieldError({ text }: { text: string | undefined }) {
  return text ? <span className="field-error" role="alert" data-testid="field-error">{text}</span> : null;
}

function RuleEditor({ initial, index, onDone }: { initial: RuleForm; index: number; onDone: () => void }) {
  const app = useApp();
  const store = sieveStoreFor(app);
  const t = useSieveText();
  const folders = app.mailbox.use((s) => s.folders);
  const problem = store.use((s) => s.problem);
  const saving = store.use((s) => s.saving);
  const [form, setForm] = useState(initial);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const edit = (patch: Partial<RuleForm>) => {
    store.edited();
    setConfirmDiscard(false);
    setForm({ ...form, ...patch });
  };
  const setCondition = (i: number, c: ConditionForm) => edit({ conditions: form.conditions.map((x, j) => (j === i ? c : x)) });
  const setAction = (i: number, a: ActionForm) => edit({ actions: form.actions.map((x, j) => (j === i ? a : x)) });
  const errors: Record<string, string> = { ...checked };
  if (problem && (problem.rule === index || problem.rule === null)) errors[problem.path || "rule"] = problem.reason;

  const save = async (discardConfirmed = false) => {
    const problems = checkRule(form);
    setChecked(Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, t(key)])));
    if (Object.keys(problems).length > 0) return;
    if (!discardConfirmed && form.actions.some((a) => a.type === "discard")) return setConfirmDiscard(true);
    setConfirmDiscard(false);
    const filters = [...store.state.filters];
    filters.splice(index, 1, formToRule(form));
    if (await store.saveFilters(filters)) onDone();
  };

  return (
    <form className="rule-edit" data-testid="rule-edit" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="setting">
        <span>{t("name")}</span>
        <input type="text" value={form.name} maxLength={100} onChange={(e) => edit({ name: e.target.value })} data-testid="rule-name" />
      </label>
      <FieldError text={errors.name} />
      <label className="setting">
        <span>{t("match")}</span>
        <select value={form.match} onChange={(e) => edit({ match: e.target.value === "any" ? "any" : "all" })} data-testid="rule-match">
          <option value="all">{t("matchAll")}</option>
          <option value="any">{t("matchAny")}</option>
        </select>
      </label>
      <h3>{t("conditions")}</h3>
      {form.conditions.map((c, i) => (
        <div className="rule-row" key={i} data-testid="rule-condition">
          <select aria-label={t("conditions")} value={c.field} onChange={(e) => setCondition(i, withField(c, e.target.value as FormField))} data-testid="condition-field">
            {FORM_FIELDS.map((f) => <option key={f} value={f}>{t(`field_${f}`)}</option>)}
          </select>
          {c.field === "header" && (
            <input type="text" aria-label={t("headerName")} placeholder={t("headerName")} value={c.header} onChange={(e) => setCondition(i, { ...c, header: e.target.value })} data-testid="condition-header" />
          )}
          <select aria-label={t("match")} value={c.op} onChange={(e) => setCondition(i, { ...c, op: e.target.value as FilterOperator })} data-testid="condition-op">
            {operatorsFor(c.field).map((op) => <option key={op} value={op}>{t(`op_${op}`)}</option>)}
          </select>
          <input type="text" aria-label={t("value")} value={c.value} inputMode={c.field === "size" ? "numeric" : undefined} onChange={(e) => setCondition(i, { ...c, value: e.target.value })} data-testid="condition-value" />
          {c.field === "size" && (
            <select aria-label={t("field_size")} value={c.unit} onChange={(e) => setCondition(i, { ...c, unit: e.target.value === "M" ? "M" : "K" })} data-testid="condition-unit">
              <option value="K">KB</option>
              <option value="M">MB</option>
            </select>
          )}
          {form.conditions.length > 1 && (
            <button type="button" className="link-button" onClick={() => edit({ conditions: form.conditions.filter((_, j) => j !== i) })}>{t("remove")}</button>
          )}
          <FieldError text={errors[`conditions[${i}].field`] ?? errors[`conditions[${i}].op`] ?? errors[`conditions[${i}].value`]} />
        </div>
      ))}
      <FieldError text={errors.conditions} />
      <button type="button" className="link-button" onClick={() => edit({ conditions: [...form.conditions, newCondition()] })} data-testid="add-condition">{t("addCondition")}</button>
      <h3>{t("actions")}</h3>
      {form.actions.map((a, i) => (
        <div className="rule-row" key={i} data-testid="rule-action">
          <select aria-label={t("actions")} value={a.type} onChange={(e) => setAction(i, { ...a, type: e.target.value as FilterActionType })} data-testid="action-type">
            {ACTION_TYPES.map((type) => <option key={type} value={type}>{t(`action_${type}`)}</option>)}
          </select>
          {(a.type === "move" || a.type === "copy") && (
            <select aria-label={t("chooseFolder")} value={a.folder} onChange={(e) => setAction(i, { ...a, folder: e.target.value })} data-testid="action-folder">
              <option value="">{t("chooseFolder")}</option>
              {folders.map((f) => <option key={f.name} value={f.name}>{f.name}</option>)}
            </select>
          )}
          {a.type === "forward" && (
            <input type="email" aria-label={t("forwardTo")} placeholder={t("forwardTo")} value={a.to} onChange={(e) => setAction(i, { ...a, to: e.target.value })} data-testid="action-to" />
          )}
          {form.actions.length > 1 && (
            <button type="button" className="link-button" onClick={() => edit({ actions: form.actions.filter((_, j) => j !== i) })}>{t("remove")}</button>
          )}
          <FieldError text={errors[`actions[${i}].folder`] ?? errors[`actions[${i}].to`] ?? errors[`actions[${i}].type`]} />
        </div>
      ))}
      <FieldError text={errors.actions ?? errors.rule ?? errors.filters} />
      <button type="button" className="link-button" onClick={() => edit({ actions: [...form.actions, newAction()] })} data-testid="add-action">{t("addAction")}</button>
      {confirmDiscard && (
        <div className="confirm" role="alertdialog" data-testid="discard-confirm">
          <p>{t("discardConfirm")}</p>
          <button type="button" className="primary" onClick={() => void save(true)} data-testid="discard-confirm-ok">{t("confirm")}</button>{" "}
          <button type="button" onClick={() => setConfirmDiscard(false)}>{t("cancel")}</button>
        </div>
      )}
      <div className="rule-buttons">
        <button type="submit" className="primary" disabled={saving} data-testid="rule-save">{t("save")}</button>{" "}
        <button type="button" onClick={() => { store.edited(); onDone(); }}>{t("cancel")}</button>
      </div>
    </form>
  );
}

/** `list` with the item at `from` moved to index `to` (of the list after the move). */
function moved<T>(list: T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

/** Where a drag at `y` would drop: the slot before the first rule whose middle is below it (0…count). */
function dropSlot(list: HTMLElement | null, y: number): number {
  const rows = [...(list?.querySelectorAll<HTMLElement>("[data-testid=rule]") ?? [])];
  const below = rows.findIndex((row) => {
    const box = row.getBoundingClientRect();
    return y < box.top + box.height / 2;
  });
  return below === -1 ? rows.length : below;
}

export default function FiltersSettings() {
  const app = useApp();
  const store = sieveStoreFor(app);
  const t = useSieveText();
  const { filtersLoad, filters, foreign, saving, saved, error } = store.use((s) => s);
  /** The rule being edited: its index (filters.length for a new one), or null. */
  const [editing, setEditing] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; slot: number } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => void store.loadFilters(), [store]);

  if (filtersLoad !== "ready") return <SieveUnavailable load={filtersLoad} retry={() => void store.loadFilters()} />;
  if (foreign) return <ForeignScriptNotice foreign={foreign} replace={() => store.saveFilters(filters, true)} />;

  const saveList = (list: MailFilter[]) => void store.saveFilters(list);
  const move = (i: number, by: number) => saveList(moved(filters, i, i + by));
  /** A rule being dragged: its index and the slot (0…length) it would drop into. */
  const drop = (from: number, slot: number) => {
    const to = slot > from ? slot - 1 : slot;
    if (to !== from) saveList(moved(filters, from, to));
  };
  const canDrag = !saving && editing === null && filters.length > 1;
  return (
    <section data-testid="filters-page">
      {filters.length === 0 && editing === null && <p className="hint">{t("noFilters")}</p>}
      <ol className="rule-list" ref={list}>
        {filters.map((rule, i) =>
          editing === i ? (
            <li key={i}><RuleEditor initial={ruleToForm(rule)} index={i} onDone={() => setEditing(null)} /></li>
          ) : (
            <li key={i} data-testid="rule"
              className={`rule${drag?.from === i ? " dragging" : ""}${drag && drag.slot === i && drag.slot !== drag.from && drag.slot !== drag.from + 1 ? " drop-before" : ""}${drag && i === filters.length - 1 && drag.slot === filters.length && drag.from !== i ? " drop-after" : ""}`}>
              <span className="drag-handle" aria-hidden="true" data-testid="rule-drag" data-disabled={canDrag ? undefined : "true"}
                onPointerDown={(e) => {
                  if (!canDrag || e.button !== 0) return;
                  e.preventDefault();
                  e.currentTarget.setPointerCapture(e.pointerId);
                  setDrag({ from: i, slot: i });
                }}
                onPointerMove={(e) => drag && setDrag({ from: drag.from, slot: dropSlot(list.current, e.clientY) })}
                onPointerUp={(e) => {
                  if (!drag) return;
                  setDrag(null);
                  drop(drag.from, dropSlot(list.current, e.clientY));
                }}
                onPointerCancel={() => setDrag(null)}>⠿</span>
              <input type="checkbox" checked={rule.enabled} aria-label={`${t("enabled")} ${rule.name}`} disabled={saving}
                onChange={(e) => saveList(filters.map((r, j) => (j === i ? { ...r, enabled: e.target.checked } : r)))} data-testid="rule-enabled" />
              <span className="rule-name">{rule.name}</span>
              <button type="button" className="link-button" disabled={i === 0 || saving} onClick={() => move(i, -1)} aria-label={`${t("up")} ${rule.name}`}>↑</button>
              <button type="button" className="link-button" disabled={i === filters.length - 1 || saving} onClick={() => move(i, 1)} aria-label={`${t("down")} ${rule.name}`}>↓</button>
              <button type="button" className="link-button" onClick={() => setEditing(i)} disabled={editing !== null}>{t("edit")}</button>
              <button type="button" className="link-button" disabled={saving} onClick={() => saveList(filters.filter((_, j) => j !== i))} data-testid="rule-remove">{t("remove")}</button>
            </li>
          ),
        )}
        {editing === filters.length && <li><RuleEditor initial={newRule()} index={filters.length} onDone={() => setEditing(null)} /></li>}
      </ol>
      {editing === null && <button type="button" onClick={() => setEditing(filters.length)} data-testid="add-filter">{t("addFilter")}</button>}
      {saved && editing === null && <p className="hint" role="status" data-testid="sieve-saved">{t("saved")}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
