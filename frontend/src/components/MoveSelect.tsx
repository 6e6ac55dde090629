import { useMailStore } from "../context";
import { allFolders } from "../lib/folders";
import { useMail } from "../store/mailStore";

/** "이동…": a folder picker that moves the given messages (or the selection) on change. */
export function MoveSelect({ uids }: { uids?: number[] }) {
  const mail = useMailStore();
  const folders = useMail(mail, (s) => s.folders);
  const current = useMail(mail, (s) => s.folder);
  return (
    <label>
      <span className="visually-hidden">{mail.t("moveTo")}</span>
      <select value="" onChange={(e) => e.target.value && void mail.moveMessages(e.target.value, uids)}>
        <option value="">{mail.t("move")}…</option>
        {allFolders(folders)
          .filter((f) => f.name !== current)
          .map((f) => (
            <option key={f.name} value={f.name}>
              {f.role ? mail.t(f.role) : f.display_name || f.name}
            </option>
          ))}
      </select>
    </label>
  );
}
