// The texts of the tus upload's error codes (대용량 첨부, issue 32): for the compose chunk's
// large-file uploader, registered when it loads (errorCodes.ts says why they are not at start).
import { registerErrorTexts } from "./errorCodes";

export const LARGE_FILE_ERROR_TEXTS = {
  large_file_quota_exceeded: {
    ko: "대용량 첨부 공간이 부족합니다. 오래된 파일을 지운 뒤 다시 시도하세요.",
    en: "Your space for large attachments is full. Delete older files, then try again.",
  },
  upload_offset_mismatch: { ko: "업로드가 서버와 어긋났습니다. 이어서 다시 올립니다.", en: "The upload got out of step with the server. It resumes from where the server stopped." },
  tus_version_unsupported: { ko: "이 업로드 방식은 지원하지 않습니다.", en: "This upload protocol version is not supported." },
  invalid_tus_request: { ko: "업로드 요청이 올바르지 않습니다.", en: "The upload request is not valid." },
};

registerErrorTexts(LARGE_FILE_ERROR_TEXTS);
