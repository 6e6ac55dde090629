// Dragging messages from the list onto a folder (issue 25): the drag carries the folder the rows
// came from and their UIDs, under a type of our own, so a drop acts only on rows of this app and
// names the folder its UIDs belong to.
import type { DragEvent } from "react";

const TYPE = "application/x-zioinfo-messages";

export interface DraggedMessages {
  folder: string;
  uids: number[];
}

export function startMessageDrag(event: DragEvent, dragged: DraggedMessages): void {
  event.dataTransfer.setData(TYPE, JSON.stringify(dragged));
  event.dataTransfer.effectAllowed = "move";
}

/** During dragover the data cannot be read, only its types. */
export function carriesMessages(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes(TYPE);
}

export function droppedMessages(event: DragEvent): DraggedMessages | null {
  try {
    const value = JSON.parse(event.dataTransfer.getData(TYPE)) as Partial<DraggedMessages>;
    if (typeof value.folder !== "string" || !Array.isArray(value.uids)) return null;
    const uids = value.uids.filter((uid): uid is number => Number.isInteger(uid) && uid > 0);
    return uids.length ? { folder: value.folder, uids } : null;
  } catch {
    return null;
  }
}
