// The words of 수신확인 and 발송취소, Korean first; in the lazy chunks that show them.
import type { Language } from "../lib/i18n";

const ko = {
  title: "수신확인",
  refresh: "새로고침",
  read: "읽음",
  readAt: "읽음 ({time})",
  unread: "안읽음",
  deleted: "삭제됨",
  not_found: "찾을 수 없음",
  external: "외부",
  unknown: "확인 불가",
  recall: "발송취소",
  recallTitle: "발송을 취소할까요?",
  recallWho: "아직 읽지 않은 다음 사람의 메일함에서 삭제됩니다: {who}",
  recallNobody: "취소할 수 있는 받는 사람이 없습니다 (모두 읽었거나 외부 주소입니다).",
  recallExternal: "외부 주소({who})로 보낸 메일은 취소할 수 없습니다.",
  recallConfirm: "발송취소",
  recallCancel: "닫기",
  recalled: "취소됨",
  already_read: "이미 읽음",
  notRecallable: "취소할 수 없음 (외부)",
  recalledNote: "발송취소된 메일입니다.",
  back: "메일로 돌아가기",
  empty: "보낸 메일이 없습니다.",
  counts: "{read}/{total} 읽음",
  noSubject: "(제목 없음)",
  previous: "이전",
  next: "다음",
  loading: "확인하는 중…",
};

const en: Record<keyof typeof ko, string> = {
  title: "Read receipts",
  refresh: "Refresh",
  read: "Read",
  readAt: "Read ({time})",
  unread: "Unread",
  deleted: "Deleted",
  not_found: "Not found",
  external: "External",
  unknown: "Could not check",
  recall: "Recall",
  recallTitle: "Recall this message?",
  recallWho: "It will be removed from the mailboxes of these recipients who have not read it: {who}",
  recallNobody: "No recipient can be recalled (all have read it or are external).",
  recallExternal: "Mail to external addresses ({who}) cannot be recalled.",
  recallConfirm: "Recall",
  recallCancel: "Close",
  recalled: "Recalled",
  already_read: "Already read",
  notRecallable: "Not recallable (external)",
  recalledNote: "This message was recalled.",
  back: "Back to mail",
  empty: "No sent mail.",
  counts: "{read}/{total} read",
  noSubject: "(no subject)",
  previous: "Previous",
  next: "Next",
  loading: "Checking…",
};

export type ReceiptsTextKey = keyof typeof ko;

export function receiptsText(language: Language, key: ReceiptsTextKey, params: Record<string, string | number> = {}): string {
  const text = (language === "en" ? en : ko)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

/** A time as the views show it (Asia/Seoul). Not lib/dateFormat: importing it from these lazy
 * chunks would split it out of the start bundle into a chunk of its own. */
export function receiptsTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return at.toLocaleString(language === "en" ? "en-US" : "ko-KR", { timeZone: "Asia/Seoul", dateStyle: "medium", timeStyle: "short" });
}
