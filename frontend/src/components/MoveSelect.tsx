import { useApp } from "../context";
import { allFolders } from "../lib/folders";

/** "이동…": a folder picker that moves the given messages (or the selection) on change. */
export function MoveSelect({ uids }: { uids?: number[] }) {
  const app = useApp();
  const folders = app.mailbox.use((s) => s.folders);
  const current = app.mailbox.use((s) => s.folder);
  return (
    <label>
      <span className="visually-hidden">{app.t("moveTo")}</span>
      <select value="" onChange={(e) => e.target.value && void app.mailbox.moveMessages(e.target.value, uids)}>
        <option value="">{app.t("move")}…</option>
        {allFolders(folders)
          .filter((f) => f.name !== current)
          .map((f) => (
            <option key={f.name} value={f.name}>
              {f.role ? app.t(f.role) : f.display_name || f.name}
            </option>
          ))}
      </select>
    </label>
  );
}
