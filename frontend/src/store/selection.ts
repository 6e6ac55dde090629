// Multi-select in the message list: click selects one, ctrl/cmd-click toggles, shift-click selects
// the range from the anchor (the last plainly or ctrl-clicked row).

export interface Selection {
  uids: number[];
  anchor: number | null;
}

export type ClickModifier = "none" | "toggle" | "range";

export function applyClick(order: number[], selection: Selection, uid: number, modifier: ClickModifier): Selection {
  if (modifier === "toggle") {
    const has = selection.uids.includes(uid);
    return { uids: has ? selection.uids.filter((u) => u !== uid) : [...selection.uids, uid], anchor: uid };
  }
  if (modifier === "range" && selection.anchor !== null) {
    const from = order.indexOf(selection.anchor);
    const to = order.indexOf(uid);
    if (from >= 0 && to >= 0) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      return { uids: order.slice(lo, hi + 1), anchor: selection.anchor };
    }
  }
  return { uids: [uid], anchor: uid };
}
