// The words of 예약 메일 and of the 예약 발송 menu, Korean first; in the lazy chunks that show them,
// so the start of the app does not carry them (lib/i18n holds the words every view needs).
import type { Language } from "../lib/i18n";

const ko = {
  tomorrowNine: "내일 오전 9시",
  mondayNine: "월요일 오전 9시",
  pickTime: "날짜/시간 선택",
  scheduleAt: "예약",
  timeZoneNote: "시간대: {zone}",
  back: "메일로 돌아가기",
  empty: "예약된 메일이 없습니다.",
  edit: "수정",
  reschedule: "시간 변경",
  cancel: "취소",
  sendNow: "지금 보내기",
  sentNow: "지금 보냅니다.",
  noSubject: "(제목 없음)",
};

const en: Record<keyof typeof ko, string> = {
  tomorrowNine: "Tomorrow 9:00 AM",
  mondayNine: "Monday 9:00 AM",
  pickTime: "Pick date & time",
  scheduleAt: "Schedule",
  timeZoneNote: "Time zone: {zone}",
  back: "Back to mail",
  empty: "No scheduled messages.",
  edit: "Edit",
  reschedule: "Reschedule",
  cancel: "Cancel",
  sendNow: "Send now",
  sentNow: "Sending now.",
  noSubject: "(no subject)",
};

export type OutboxTextKey = keyof typeof ko;

export function outboxText(language: Language, key: OutboxTextKey, params: Record<string, string | number> = {}): string {
  const text = (language === "en" ? en : ko)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}
