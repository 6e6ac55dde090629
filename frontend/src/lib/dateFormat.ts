// Dates the way Korean mail clients show them, in the browser's time zone:
//   list, today        오후 3:04
//   list, this year    11월 25일
//   list, older        2024. 1. 3.
//   header             2026년 11월 25일 (수) 오후 3:04
// English gets the equivalent. Written out by hand so the output does not depend on the ICU data
// a browser or node build happens to carry.
import type { Language } from "./i18n";

const KOREAN_WEEKDAYS = ["일", "월", "화", "수", "목", "금", "토"];
const ENGLISH_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatTime(date: Date, language: Language = "ko"): string {
  const hours = date.getHours();
  const minutes = pad2(date.getMinutes());
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  if (language === "ko") return `${hours < 12 ? "오전" : "오후"} ${hour12}:${minutes}`;
  return `${hour12}:${minutes} ${hours < 12 ? "AM" : "PM"}`;
}

/** 24-hour HH:MM, e.g. when a draft was saved ("임시 저장됨 14:05"). */
export function formatClock(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The short form for the message list. */
export function formatListDate(iso: string | null | undefined, now: Date = new Date(), language: Language = "ko"): string {
  const date = parse(iso);
  if (!date) return "";
  if (sameDay(date, now)) return formatTime(date, language);
  const y = date.getFullYear();
  const m = date.getMonth() + 1;
  const d = date.getDate();
  if (y === now.getFullYear()) return language === "ko" ? `${m}월 ${d}일` : `${ENGLISH_MONTHS[m - 1]} ${d}`;
  return language === "ko" ? `${y}. ${m}. ${d}.` : `${y}-${pad2(m)}-${pad2(d)}`;
}

/** The full form for a message's header. */
export function formatFullDate(iso: string | null | undefined, language: Language = "ko"): string {
  const date = parse(iso);
  if (!date) return "";
  const y = date.getFullYear();
  const m = date.getMonth() + 1;
  const d = date.getDate();
  const w = date.getDay();
  if (language === "ko") return `${y}년 ${m}월 ${d}일 (${KOREAN_WEEKDAYS[w]}) ${formatTime(date, "ko")}`;
  return `${ENGLISH_WEEKDAYS[w]}, ${ENGLISH_MONTHS[m - 1]} ${d}, ${y} ${formatTime(date, "en")}`;
}

/** Sizes as people read them: 512 B, 12 KB, 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}
