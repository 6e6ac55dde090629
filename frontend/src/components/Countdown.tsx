// A toast's countdown (발송 취소): `{seconds}` in the text shows the seconds left until `until`.
import { useEffect, useState } from "react";

export function Countdown({ text, until }: { text: string; until: number }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return <span data-testid="countdown">{text.replace("{seconds}", String(seconds))}</span>;
}
