// The ? sheet: every keyboard shortcut and what it does (lib/shortcuts), Korean first.
import { useApp } from "../context";
import { SHORTCUTS } from "../lib/shortcuts";

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const app = useApp();
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key !== "Escape" && e.key !== "?") return;
          e.preventDefault();
          onClose();
        }}
      >
        <header className="compose-header">
          <h2 id="shortcuts-title">{app.t("keyboardShortcuts")}</h2>
          <button type="button" className="icon-button" aria-label={app.t("close")} onClick={onClose} autoFocus>
            ×
          </button>
        </header>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.action}>
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>{app.t(s.action)}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{app.t("shortcutsWithKorean")}</p>
      </div>
    </div>
  );
}
