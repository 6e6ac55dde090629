// 필터, 부재중 자동응답 and 고급 (Sieve 직접 편집), one lazy chunk (the two share their store and parts; split, the shared
// part would become a chunk of its own counted at start).
import FiltersSettings from "./FiltersSettings";
import SieveRawSettings from "./SieveRawSettings";
import VacationSettings from "./VacationSettings";

// These pages' styles come with them (styles.css is loaded at start).
const STYLES = `
.rule-list { list-style: none; padding: 0; display: grid; gap: .4rem; }
.rule-list .rule { display: flex; align-items: center; gap: .4rem; }
.rule-list .rule-name { flex: 1; }
.rule-list .drag-handle { cursor: grab; touch-action: none; user-select: none; padding: 0 .3rem; color: #888; }
.rule-list .drag-handle[data-disabled] { cursor: default; opacity: .4; }
.rule-list .rule.dragging { opacity: .5; }
.rule-list .rule.drop-before { box-shadow: 0 -3px 0 var(--accent, #1a73e8); }
.rule-list .rule.drop-after { box-shadow: 0 3px 0 var(--accent, #1a73e8); }
.rule-edit { display: grid; gap: .45rem; border: 1px solid var(--border); padding: .7rem; border-radius: 6px; }
.rule-row { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
.field-error { color: #c62828; font-size: .85rem; }
.sieve-script { white-space: pre-wrap; max-height: 20rem; overflow: auto; border: 1px solid var(--border); padding: .5rem; }
.sieve-editor { display: flex; border: 1px solid var(--border); height: 24rem; font: 13px/20px ui-monospace, "D2Coding", Consolas, monospace; }
.sieve-gutter { overflow: hidden; padding: .4rem .4rem .4rem .6rem; text-align: right; color: #888; user-select: none; min-width: 2.5rem; }
.sieve-gutter .error-line { background: #ffcdd2; color: #b71c1c; font-weight: bold; }
.sieve-editor textarea { flex: 1; border: 0; resize: none; padding: .4rem; font: inherit; white-space: pre; overflow: auto; }
.sieve-messages { white-space: pre-wrap; margin: .2rem 0; font: inherit; }
`;

export default function SieveSettings({ section }: { section: "filters" | "vacation" | "sieve" }) {
  return (
    <>
      <style>{STYLES}</style>
      {section === "filters" ? <FiltersSettings /> : section === "vacation" ? <VacationSettings /> : <SieveRawSettings />}
    </>
  );
}
