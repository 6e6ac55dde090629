// The menu of 예약 발송 (a lazy chunk): 내일 오전 9시, 월요일 오전 9시, or a date and time of the
// user's choice, in Asia/Seoul; the browser's own zone is named when it is another.
import { useState } from "react";
import { useApp } from "../context";
import { browserTimeZone, DEFAULT_TIME_ZONE, fromLocalInput, mondayAtNine, tomorrowAtNine } from "../lib/sendTimes";
import { outboxText } from "../pages/outboxText";

export default function ScheduleSendOptions({ onPick }: { onPick: (instant: number) => void }) {
  const app = useApp();
  const language = app.language.use((s) => s.language);
  const [picked, setPicked] = useState("");
  const zone = browserTimeZone();
  const chosen = fromLocalInput(picked);
  return (
    <div role="menu" className="schedule-menu" data-testid="schedule-menu">
      <button type="button" role="menuitem" onClick={() => onPick(tomorrowAtNine(Date.now()))} data-testid="schedule-tomorrow">
        {outboxText(language, "tomorrowNine")}
      </button>
      <button type="button" role="menuitem" onClick={() => onPick(mondayAtNine(Date.now()))} data-testid="schedule-monday">
        {outboxText(language, "mondayNine")}
      </button>
      <label>
        {outboxText(language, "pickTime")}
        <input type="datetime-local" value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="schedule-input" />
      </label>
      <button type="button" role="menuitem" disabled={chosen === null} onClick={() => chosen !== null && onPick(chosen)} data-testid="schedule-pick">
        {outboxText(language, "scheduleAt")}
      </button>
      <small>{outboxText(language, "timeZoneNote", { zone: zone === DEFAULT_TIME_ZONE ? zone : `${DEFAULT_TIME_ZONE} (${zone})` })}</small>
    </div>
  );
}
