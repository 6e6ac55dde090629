// The folder tree as shown: special-use folders first, in a fixed order with Korean names,
// then the user's folders nested as the server sent them.
import type { Folder, FolderRole } from "../api/types";
import type { MessageKey } from "./i18n";

const ROLE_ORDER: Exclude<FolderRole, null>[] = ["inbox", "sent", "drafts", "trash", "junk", "archive"];

export function roleLabelKey(role: FolderRole): MessageKey | null {
  return role;
}

export interface OrderedFolders {
  special: Folder[];
  others: Folder[];
}

/** Pulls special-use folders out of the tree (wherever they are) and orders them. */
export function orderFolders(tree: Folder[]): OrderedFolders {
  const special: Folder[] = [];
  const strip = (folders: Folder[]): Folder[] =>
    folders.flatMap((folder) => {
      const role = folder.role ?? (folder.name.toUpperCase() === "INBOX" ? "inbox" : null);
      const children = strip(folder.children ?? []);
      if (role) {
        special.push({ ...folder, role, children: [] });
        return children;
      }
      return [{ ...folder, children }];
    });
  const others = strip(tree);
  special.sort((a, b) => ROLE_ORDER.indexOf(a.role ?? "archive") - ROLE_ORDER.indexOf(b.role ?? "archive"));
  return { special, others };
}

export function findFolder(tree: Folder[], name: string): Folder | null {
  for (const folder of tree) {
    if (folder.name === name) return folder;
    const inner = findFolder(folder.children ?? [], name);
    if (inner) return inner;
  }
  return null;
}

export function folderByRole(tree: Folder[], role: Exclude<FolderRole, null>): Folder | null {
  for (const folder of tree) {
    if (folder.role === role) return folder;
    const inner = folderByRole(folder.children ?? [], role);
    if (inner) return inner;
  }
  return null;
}

export function allFolders(tree: Folder[]): Folder[] {
  return tree.flatMap((folder) => [folder, ...allFolders(folder.children ?? [])]);
}
