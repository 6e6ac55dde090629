// The HTML editor's styles, in the editor's chunk (the app's one style sheet loads at start):
// added to the page once, when the chunk first loads. The SPA's CSP allows inline styles.
const EDITOR_CSS = `
.editor-body { min-height: 14rem; resize: vertical; }
.editor-toolbar, .editor-link { display: flex; flex-wrap: wrap; gap: 2px; align-items: center; }
.editor-button { min-width: 1.9rem; padding: .15rem .3rem; border: 1px solid transparent; border-radius: 4px; background: none; cursor: pointer; }
.editor-button:hover { border-color: var(--border); }
.editor-toolbar select, .editor-toolbar input { padding: .1rem; }
.editor-mode { margin-left: auto; }
.editor-body { overflow: auto; max-height: 60vh; border: 1px solid var(--border); border-radius: 6px; padding: .5rem; background: var(--bg); }
.editor-body table { border-collapse: collapse; }
.editor-body td, .editor-body th { border: 1px dotted var(--border); }
.editor-body blockquote { margin: 0 0 0 .8ex; border-left: 2px solid var(--border); padding-left: 1ex; }
.editor-body img { max-width: 100%; }
@media (max-width: 720px) {
  .html-editor button { min-width: 44px; min-height: 44px; }
  .editor-toolbar { max-height: 96px; overflow-y: auto; }
}
`;

export function addEditorStyles(): void {
  if (document.getElementById("zm-editor-styles")) return;
  const style = document.createElement("style");
  style.id = "zm-editor-styles";
  style.textContent = EDITOR_CSS;
  document.head.append(style);
}
