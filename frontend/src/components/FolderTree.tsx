// Left pane: special-use folders first with Korean names, then the user's folders nested.
import type { Folder } from "../api/types";
import { useApp } from "../context";
import { orderFolders, roleLabelKey } from "../lib/folders";
import type { AppStores } from "../store/appStores";

function label(app: AppStores, folder: Folder): string {
  const key = roleLabelKey(folder.role);
  return key ? app.t(key) : folder.display_name || folder.name;
}

function FolderItem({ folder, depth, current }: { folder: Folder; depth: number; current: string }) {
  const app = useApp();
  const name = label(app, folder);
  const selected = folder.name === current;
  return (
    <li role="treeitem" aria-selected={selected} aria-level={depth + 1} aria-expanded={folder.children.length ? true : undefined}>
      <button
        type="button"
        className={`folder${selected ? " selected" : ""}${folder.unseen > 0 ? " has-unseen" : ""}`}
        style={{ paddingLeft: `${0.75 + depth}rem` }}
        aria-current={selected ? "true" : undefined}
        data-folder={folder.name}
        data-role={folder.role ?? ""}
        onClick={() => void app.mailbox.openFolder(folder.name)}
      >
        <span className="folder-name">{name}</span>
        {folder.unseen > 0 && (
          <span className="badge" aria-label={app.t("unreadCount", { count: folder.unseen })}>
            {folder.unseen}
          </span>
        )}
      </button>
      {folder.children.length > 0 && (
        <ul role="group">
          {folder.children.map((child) => (
            <FolderItem key={child.name} folder={child} depth={depth + 1} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function FolderTree() {
  const app = useApp();
  const folders = app.mailbox.use((s) => s.folders);
  const current = app.mailbox.use((s) => s.folder);
  app.language.use((s) => s.language);
  const { special, others } = orderFolders(folders);
  return (
    <ul className="folder-tree" role="tree" aria-label={app.t("folders")} data-testid="folder-tree">
      {[...special, ...others].map((folder) => (
        <FolderItem key={folder.name} folder={folder} depth={0} current={current} />
      ))}
    </ul>
  );
}
