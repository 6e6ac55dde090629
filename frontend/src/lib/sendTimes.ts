// The times of 예약 발송: the presets (내일 오전 9시, 월요일 오전 9시) and a picked date and time, as
// wall-clock times of a time zone (Asia/Seoul by default, the company's), turned into the instant
// the server takes (ISO 8601 with the offset of that zone on that day).

export const DEFAULT_TIME_ZONE = "Asia/Seoul";

/** The zone's offset from UTC at `instant`, in minutes (Seoul: +540). */
export function zoneOffsetMinutes(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/** The instant of a wall-clock time in `zone` (month 1–12). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - zoneOffsetMinutes(guess, zone) * 60000;
  // Once more, for a day on which the offset changes (summer time elsewhere; Seoul has none).
  return guess - zoneOffsetMinutes(first, zone) * 60000;
}

/** The wall-clock date in `zone` at `instant`. */
function zonedDate(instant: number, zone: string): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(instant + zoneOffsetMinutes(instant, zone) * 60000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() };
}

/** 9:00 tomorrow in `zone`. */
export function tomorrowAtNine(now: number, zone = DEFAULT_TIME_ZONE): number {
  const today = zonedDate(now, zone);
  return zonedInstant(today.year, today.month, today.day + 1, 9, 0, zone);
}

/** 9:00 on the next Monday in `zone` (a week ahead on a Monday). */
export function mondayAtNine(now: number, zone = DEFAULT_TIME_ZONE): number {
  const today = zonedDate(now, zone);
  const days = ((8 - today.weekday) % 7) || 7;
  return zonedInstant(today.year, today.month, today.day + days, 9, 0, zone);
}

/** An `<input type="datetime-local">` value (`2026-12-08T09:00`) as a time of `zone`; null when it is none. */
export function fromLocalInput(value: string, zone = DEFAULT_TIME_ZONE): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return zonedInstant(y, mo, d, h, mi, zone);
}

/** The browser's own zone, shown beside the picker. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** A time as the user reads it, in `zone`. */
export function formatSendTime(instant: number, language: string, zone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(language === "en" ? "en-US" : "ko-KR", {
    timeZone: zone, month: "long", day: "numeric", weekday: "short", hour: "numeric", minute: "2-digit",
  }).format(new Date(instant));
}
