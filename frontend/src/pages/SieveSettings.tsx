// 필터 and 부재중 자동응답, one lazy chunk (the two share their store and parts; split, the shared
// part would become a chunk of its own counted at start).
import FiltersSettings from "./FiltersSettings";
import VacationSettings from "./VacationSettings";

// These pages' styles come with them (styles.css is loaded at start).
const STYLES = `
.rule-list { list-style: none; padding: 0; display: grid; gap: .4rem; }
.rule-list .rule { display: flex; align-items: center; gap: .4rem; }
.rule-list .rule-name { flex: 1; }
.rule-edit { display: grid; gap: .45rem; border: 1px solid var(--border); padding: .7rem; border-radius: 6px; }
.rule-row { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
.field-error { color: #c62828; font-size: .85rem; }
.sieve-script { white-space: pre-wrap; max-height: 20rem; overflow: auto; border: 1px solid var(--border); padding: .5rem; }
`;

export default function SieveSettings({ section }: { section: "filters" | "vacation" }) {
  return (
    <>
      <style>{STYLES}</style>
      {section === "filters" ? <FiltersSettings /> : <VacationSettings />}
    </>
  );
}
