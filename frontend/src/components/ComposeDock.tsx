// The dock at the bottom right that holds the compose windows (components/Compose). The windows
// themselves (form, chips, attachments, the editor's loader) are a chunk of their own, loaded when
// the first window opens: reading mail is what the start is for, and compose is ~7 KB gzip of it.
import { lazy, Suspense, useEffect } from "react";
import { useApp } from "../context";

const ComposeWindowView = lazy(() => import("./Compose").then((m) => ({ default: m.ComposeWindowView })));

/** Every open compose window, and the browser's question when leaving would lose what is typed. */
export function ComposeDock() {
  const app = useApp();
  const windows = app.compose.use((s) => s.windows);
  const maximized = app.compose.use((s) => s.maximized);

  useEffect(() => {
    // Reload, closing the tab, typing another address: the browser asks while changes are unsaved.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!app.compose.hasUnsavedChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [app]);

  if (windows.length === 0) return null;
  return (
    <div className={`compose-dock${maximized !== null ? " has-maximized" : ""}`} data-testid="compose-dock">
      <Suspense fallback={null}>
        {windows.map((w, index) => (
          <ComposeWindowView key={w.id} win={w} maximized={maximized === w.id} ids={index === 0 ? "compose" : `compose${w.id}`} />
        ))}
      </Suspense>
    </div>
  );
}
