// Left pane: special-use folders first with Korean names, then the user's folders nested. Each
// folder takes dropped messages (moved there, with the undo toast); user folders have a small menu
// (하위 편지함 만들기, 이름 바꾸기, 삭제), Trash and Junk one to empty them.
import { useState, type DragEvent } from "react";
import type { Folder } from "../api/types";
import { useApp } from "../context";
import { orderFolders, roleLabelKey } from "../lib/folders";
import { carriesMessages, droppedMessages } from "../lib/messageDrag";
import type { AppStores } from "../store/appStores";

function label(app: AppStores, folder: Folder): string {
  const key = roleLabelKey(folder.role);
  return key ? app.t(key) : folder.display_name || folder.name;
}

function FolderMenu({ folder, name }: { folder: Folder; name: string }) {
  const app = useApp();
  const [open, setOpen] = useState(false);
  const items: [string, () => Promise<void>][] = folder.role === "trash" || folder.role === "junk"
    ? [[app.t(folder.role === "trash" ? "emptyTrash" : "emptyJunk"), () => app.folders.empty(folder)]]
    : folder.role
      ? []
      : [
          [app.t("newSubfolder"), () => app.folders.create(folder)],
          [app.t("renameFolder"), () => app.folders.rename(folder)],
          [app.t("deleteFolder"), () => app.folders.remove(folder)],
        ];
  if (items.length === 0) return null;
  return (
    <span className="folder-menu" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}>
      <button type="button" className="icon-button" aria-haspopup="menu" aria-expanded={open} aria-label={app.t("folderMenu", { folder: name })}
        data-testid="folder-menu" onClick={() => setOpen(!open)} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
        ⋯
      </button>
      {open && (
        <span role="menu" className="menu">
          {items.map(([text, run]) => (
            <button key={text} type="button" role="menuitem" onClick={() => { setOpen(false); void run(); }}>
              {text}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}

function FolderItem({ folder, depth, current }: { folder: Folder; depth: number; current: string }) {
  const app = useApp();
  const name = label(app, folder);
  const selected = folder.name === current;
  const [dropping, setDropping] = useState(false);
  const dragOver = (event: DragEvent) => {
    if (folder.name === current || !carriesMessages(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    setDropping(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    const dragged = droppedMessages(event);
    // Only rows of the folder on screen: the move names the folder their UIDs came from.
    if (dragged && dragged.folder === app.mailbox.state.folder) void app.mailbox.moveMessages(folder.name, dragged.uids);
  };
  return (
    <li role="treeitem" aria-selected={selected} aria-level={depth + 1} aria-expanded={folder.children.length ? true : undefined}>
      <div className="folder-row">
        <button
          type="button"
          className={`folder${selected ? " selected" : ""}${folder.unseen > 0 ? " has-unseen" : ""}${dropping ? " drop-target" : ""}`}
          style={{ paddingLeft: `${0.75 + depth}rem` }}
          aria-current={selected ? "true" : undefined}
          data-folder={folder.name}
          data-role={folder.role ?? ""}
          onClick={() => void app.mailbox.openFolder(folder.name)}
          onDragOver={dragOver}
          onDragLeave={() => setDropping(false)}
          onDrop={drop}
        >
          <span className="folder-name">{name}</span>
          {folder.unseen > 0 && (
            <span className="badge" aria-label={app.t("unreadCount", { count: folder.unseen })}>
              {folder.unseen}
            </span>
          )}
        </button>
        <FolderMenu folder={folder} name={name} />
      </div>
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
  const receipts = app.receipts.use((s) => s.available);
  return (
    <>
      <ul className="folder-tree" role="tree" aria-label={app.t("folders")} data-testid="folder-tree">
        {[...special, ...others].map((folder) => (
          <FolderItem key={folder.name} folder={folder} depth={0} current={current} />
        ))}
      </ul>
      <button type="button" className="folder" data-testid="open-outbox" onClick={() => app.outbox.openPage()}>
        <span className="folder-name">{app.t("outbox")}</span>
      </button>
      {receipts && (
        <button type="button" className="folder" data-testid="open-receipts" onClick={() => app.receipts.togglePage(true)}>
          <span className="folder-name">{app.t("receipts")}</span>
        </button>
      )}
      <button type="button" className="link-button new-folder" data-testid="new-folder" onClick={() => void app.folders.create()}>
        + {app.t("newFolder")}
      </button>
    </>
  );
}
