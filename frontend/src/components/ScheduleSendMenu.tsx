// 예약 발송, beside 보내기: the button here, its menu (ScheduleSendOptions: presets, a picker, the
// time zone) a lazy chunk loaded when first opened.
import { lazy, Suspense, useState } from "react";
import { useApp } from "../context";
import type { ComposeFormStore } from "../store/composeFormStore";

const ScheduleSendOptions = lazy(() => import("./ScheduleSendOptions"));

export function ScheduleSendMenu({ store, disabled }: { store: ComposeFormStore; disabled: boolean }) {
  const app = useApp();
  const [open, setOpen] = useState(false);
  return (
    <span className="schedule-send">
      <button type="button" disabled={disabled} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="schedule-send">
        {app.t("scheduleSend")} ▾
      </button>
      {open && (
        <Suspense fallback={null}>
          <ScheduleSendOptions
            onPick={(instant) => {
              setOpen(false);
              void store.send({ sendAt: new Date(instant).toISOString() });
            }}
          />
        </Suspense>
      )}
    </span>
  );
}
