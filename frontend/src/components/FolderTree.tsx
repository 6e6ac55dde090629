// Left pane: special-use folders first with Korean names, then the user's folders nested.
import type { Folder } from "../api/types";
import { useMailStore } from "../context";
import { orderFolders, roleLabelKey } from "../lib/folders";
import { useMail, type MailStore } from "../store/mailStore";

function label(mail: MailStore, folder: Folder): string {
  const key = roleLabelKey(folder.role);
  return key ? mail.t(key) : folder.display_name || folder.name;
}

function FolderItem({ folder, depth, current }: { folder: Folder; depth: number; current: string }) {
  const mail = useMailStore();
  const name = label(mail, folder);
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
        onClick={() => void mail.openFolder(folder.name)}
      >
        <span className="folder-name">{name}</span>
        {folder.unseen > 0 && (
          <span className="badge" aria-label={mail.t("unreadCount", { count: folder.unseen })}>
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
  const mail = useMailStore();
  const folders = useMail(mail, (s) => s.folders);
  const current = useMail(mail, (s) => s.folder);
  useMail(mail, (s) => s.language);
  const { special, others } = orderFolders(folders);
  return (
    <ul className="folder-tree" role="tree" aria-label={mail.t("folders")} data-testid="folder-tree">
      {[...special, ...others].map((folder) => (
        <FolderItem key={folder.name} folder={folder} depth={0} current={current} />
      ))}
    </ul>
  );
}
