// Folder management from the folder pane (issue 25): make (also inside a folder), rename, delete,
// 휴지통 비우기 / 스팸함 비우기. Asks through injected dialogs (the browser's by default): a name
// for a new or renamed folder, a confirmation before deleting a folder with mail or sub-folders
// (the server moves their mail to Trash) and before emptying. The open folder follows a rename,
// and goes to INBOX when it is deleted. Holds no state of its own: the tree is the mailbox's.
import type { MailApi } from "../api/mailApi";
import type { Folder } from "../api/types";
import { allFolders } from "../lib/folders";
import type { Translate } from "./languageStore";
import type { MailboxStore } from "./mailboxStore";
import type { NoticeStore } from "./noticeStore";

export interface Dialogs {
  /** The text typed, or null when cancelled. */
  prompt: (question: string, value: string) => string | null | Promise<string | null>;
  confirm: (question: string) => boolean | Promise<boolean>;
}

const browserDialogs: Dialogs = {
  prompt: (question, value) => window.prompt(question, value),
  confirm: (question) => window.confirm(question),
};

/** Whether `name` is `folder` or inside it. */
export function isWithin(name: string, folder: Folder): boolean {
  return name === folder.name || (folder.delimiter !== null && name.startsWith(folder.name + folder.delimiter));
}

export class FolderStore {
  constructor(
    private readonly api: MailApi,
    private readonly mailbox: MailboxStore,
    private readonly notices: NoticeStore,
    private readonly t: Translate,
    private readonly dialogs: Dialogs = browserDialogs,
  ) {}

  /** A new top-level folder, or one inside `parent`. */
  async create(parent?: Folder): Promise<void> {
    const question = parent ? this.t("subfolderNamePrompt", { folder: this.mailbox.folderLabel(parent.name) }) : this.t("folderNamePrompt");
    const name = (await this.dialogs.prompt(question, ""))?.trim();
    if (!name) return;
    await this.attempt(async () => {
      const made = await this.api.createFolder(name, parent?.name);
      await this.mailbox.loadFolders();
      this.notices.notify(this.t("folderCreated", { folder: made.display_name }));
    });
  }

  /** A new name for the folder's last level; its sub-folders, and the open folder, follow. */
  async rename(folder: Folder): Promise<void> {
    const typed = (await this.dialogs.prompt(this.t("renamePrompt", { folder: folder.display_name }), folder.display_name))?.trim();
    if (!typed || typed === folder.display_name) return;
    const parentPath = folder.name.slice(0, folder.name.length - folder.display_name.length);
    const newName = parentPath + typed;
    await this.attempt(async () => {
      const renamed = await this.api.renameFolder(folder.name, newName);
      const open = this.mailbox.state.folder;
      if (isWithin(open, folder)) await this.mailbox.openFolder(renamed.name + open.slice(folder.name.length));
      await this.mailbox.loadFolders();
      this.notices.notify(this.t("folderRenamed", { folder: renamed.display_name }));
    });
  }

  /** Deletes the folder and its sub-folders; asks first when they hold mail or there are sub-folders. */
  async remove(folder: Folder): Promise<void> {
    const inside = allFolders([folder]);
    const count = inside.reduce((sum, f) => sum + f.total, 0);
    const subfolders = inside.length - 1;
    if (count > 0 || subfolders > 0) {
      const question = subfolders > 0
        ? this.t("confirmDeleteFolderTree", { folder: folder.display_name, folders: subfolders, count })
        : this.t("confirmDeleteFolder", { folder: folder.display_name, count });
      if (!(await this.dialogs.confirm(question))) return;
    }
    await this.attempt(async () => {
      const deleted = await this.api.deleteFolder(folder.name);
      if (isWithin(this.mailbox.state.folder, folder)) await this.mailbox.openFolder("INBOX");
      await this.mailbox.loadFolders();
      const text = deleted.trashed > 0
        ? this.t("folderDeletedTrashed", { folder: folder.display_name, count: deleted.trashed })
        : this.t("folderDeleted", { folder: folder.display_name });
      this.notices.notify(text);
    });
  }

  /** 휴지통 비우기 / 스팸함 비우기, always after a confirmation: it cannot be undone. */
  async empty(folder: Folder): Promise<void> {
    const label = this.mailbox.folderLabel(folder.name);
    if (!(await this.dialogs.confirm(this.t("confirmEmpty", { folder: label, count: folder.total })))) return;
    await this.attempt(async () => {
      const count = await this.api.emptyFolder(folder.name);
      if (this.mailbox.state.folder === folder.name) await this.mailbox.loadList();
      await this.mailbox.loadFolders();
      this.notices.notify(this.t("emptied", { folder: label, count }));
    });
  }

  private async attempt(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      this.notices.error(error);
      await this.mailbox.loadFolders().catch(() => undefined);
    }
  }
}
