// Small line icons drawn inline (no icon font or sprite to load): the phone's compact bars show
// them instead of words; the button around one always carries the words as its aria-label and title.

export const ICONS = {
  delete: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  markRead: "M3 10l9-6 9 6v10H3zM3 10l9 6 9-6",
  markUnread: "M3 6h18v12H3zM3 6l9 7 9-7",
  star: "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.6l6.2-.9z",
  reportSpam: "M8 3h8l5 5v8l-5 5H8l-5-5V8zM12 8v5M12 16v.01",
  notSpam: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM8 12l3 3 5-6",
} as const;

export function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}
