// The texts of the error codes only the filter, 부재중 and raw Sieve pages receive: in their lazy
// chunk, registered when it loads (errorCodes.ts says why).
import { registerErrorTexts } from "../lib/errorCodes";

export const SIEVE_ERROR_TEXTS = {
  sieve_unavailable: { ko: "이 서버에는 메일 필터가 없습니다.", en: "Mail filters are not offered on this server." },
  sieve_server_unavailable: { ko: "메일 필터 서버에 연결할 수 없습니다.", en: "The mail filter server cannot be reached." },
  invalid_sieve_rules: { ko: "저장할 수 없는 필터입니다.", en: "That filter cannot be saved." },
  sieve_script_invalid: { ko: "스크립트에 오류가 있습니다.", en: "The script has errors." },
  sieve_script_foreign: { ko: "다른 프로그램의 필터가 사용 중입니다.", en: "Another program's filters are in use." },
};

registerErrorTexts(SIEVE_ERROR_TEXTS);
