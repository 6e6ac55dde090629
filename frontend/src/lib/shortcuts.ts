// The keyboard shortcuts: which shortcut a keydown is, and the list the ? sheet shows. A shortcut
// is the key as printed on the keyboard's Latin layout, so it works while a Korean input method is
// on (Gmail and Naver do the same): there `j` types ㅓ, and the physical key (KeyboardEvent.code
// "KeyJ") says which letter was meant.
import type { MessageKey } from "./i18n";

export interface ShortcutEvent {
  key: string;
  code: string;
  shiftKey?: boolean;
}

/** The shortcut key of a keydown: its `key`, or for a letter an input method turned into something else (ㅓ, "Process") the letter of its key. */
export function shortcutKey(event: ShortcutEvent): string {
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
  const typedThroughInputMethod = event.key === "Process" || event.key === "Unidentified" || /[^\u0000-\u007f]/.test(event.key);
  if (letter && typedThroughInputMethod) return event.shiftKey ? letter : letter.toLowerCase();
  return event.key;
}

/** What the ? sheet lists, in this order (Mail's runShortcut does them). */
export const SHORTCUTS: { keys: string[]; action: MessageKey }[] = [
  { keys: ["j"], action: "shortcutNext" },
  { keys: ["k"], action: "shortcutPrevious" },
  { keys: ["Enter"], action: "shortcutOpen" },
  { keys: ["Esc"], action: "shortcutClose" },
  { keys: ["c"], action: "compose" },
  { keys: ["r"], action: "reply" },
  { keys: ["a"], action: "replyAll" },
  { keys: ["f"], action: "forward" },
  { keys: ["#", "Delete"], action: "delete" },
  { keys: ["s"], action: "shortcutStar" },
  { keys: ["u"], action: "markUnread" },
  { keys: ["/"], action: "search" },
  { keys: ["?"], action: "keyboardShortcuts" },
];
