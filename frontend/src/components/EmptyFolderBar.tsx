import { useApp } from "../context";
import { findFolder } from "../lib/folders";

/** Above the list of 휴지통 or 스팸함 while it holds mail: 휴지통 비우기 / 스팸함 비우기 (as Gmail has it). */
export function EmptyFolderBar() {
  const app = useApp();
  const folder = app.mailbox.use((s) => findFolder(s.folders, s.folder));
  app.language.use((s) => s.language);
  if (!folder || (folder.role !== "trash" && folder.role !== "junk") || folder.total === 0) return null;
  return (
    <div className="empty-folder-bar">
      <button type="button" className="link-button" data-testid="empty-folder" onClick={() => void app.folders.empty(folder)}>
        {app.t(folder.role === "trash" ? "emptyTrash" : "emptyJunk")}
      </button>
    </div>
  );
}
