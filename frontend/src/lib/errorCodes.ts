// The SPA's own words for the API's error codes (every error body is {"code", "detail"}; the
// server's `detail` is Korean and meant for logs and old clients). describeError picks, in order:
// the text for the code, a text by kind (the status), then the server's detail.
// The codes are those of docs/api.yaml (`Error.code`) and the send outcomes (`status`).
import { ApiError, type ApiErrorKind } from "../api/apiError";
import { translate, type Language } from "./i18n";

export type Text = Record<Language, string>;

const signIn: Text = { ko: "로그인이 필요합니다.", en: "Please sign in." };
const busy: Text = { ko: "서버가 바쁩니다. 잠시 후 다시 시도하세요.", en: "The server is busy. Try again shortly." };
const mailServerDown: Text = { ko: "메일 서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.", en: "The mail server cannot be reached. Try again shortly." };
const tooLarge: Text = { ko: "메일이 서버의 최대 크기를 넘습니다.", en: "The message is larger than the server allows." };
const badFolder: Text = { ko: "편지함 이름이 올바르지 않습니다.", en: "The folder name is not valid." };
const badRequest: Text = { ko: "요청이 올바르지 않습니다.", en: "The request is not valid." };
const notAllowed: Text = { ko: "허용되지 않은 요청입니다.", en: "This request is not allowed." };
const notFound: Text = { ko: "찾을 수 없습니다.", en: "Not found." };
const tooMany: Text = { ko: "요청이 너무 많습니다. 잠시 후 다시 시도하세요.", en: "Too many requests. Try again shortly." };

// Codes only a lazy view can receive keep their texts in that view's chunk (sieveErrorTexts.ts,
// largeFileErrorTexts.ts), registered when it loads: the start bundle, which every user pays for,
// carries only what the always-loaded views can show. Until then a code falls back to its kind's text.
export const ERROR_TEXTS: Record<string, Text> = {
  // signing in and the session
  authentication_failed: { ko: "인증 실패", en: "Authentication failed" },
  unauthorized: signIn,
  login_required: signIn,
  invalid_token: { ko: "로그인 정보가 더 이상 유효하지 않습니다. 다시 로그인하세요.", en: "Your sign-in is no longer valid. Please sign in again." },
  session_expired: { ko: "세션이 만료되었습니다. 다시 로그인하세요.", en: "Your session has ended. Please sign in again." },
  csrf_mismatch: { ko: "보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 시도하세요.", en: "The security check failed. Reload the page and try again." },
  cross_site_login: { ko: "다른 사이트에서 온 로그인 요청은 받지 않습니다.", en: "Sign-in requests from other sites are refused." },
  login_busy: { ko: "지금 로그인하는 사람이 많습니다. 잠시 후 다시 시도하세요.", en: "Many people are signing in right now. Try again shortly." },
  rate_limited: tooMany,
  too_many_requests: tooMany,
  forbidden: notAllowed,
  method_not_allowed: notAllowed,
  // the mail server
  mail_server_unavailable: mailServerDown,
  mail_server_refused_login: { ko: "메일 서버가 로그인을 거부했습니다. 관리자에게 문의하세요.", en: "The mail server refused the sign-in. Contact your administrator." },
  service_busy: busy,
  state_store_unavailable: { ko: "서버의 저장소를 잠시 쓸 수 없습니다. 잠시 후 다시 시도하세요.", en: "The server's storage is briefly unavailable. Try again shortly." },
  service_unavailable: busy,
  // folders and messages
  folder_not_found: { ko: "편지함을 찾을 수 없습니다.", en: "The folder does not exist." },
  message_not_found: { ko: "메일을 찾을 수 없습니다. 삭제되었거나 옮겨졌을 수 있습니다.", en: "The message was not found. It may have been deleted or moved." },
  not_found: notFound,
  invalid_folder_name: badFolder,
  part_not_found: { ko: "첨부파일을 찾을 수 없습니다.", en: "The attachment was not found." },
  trash_not_found: { ko: "휴지통 편지함이 없습니다.", en: "There is no Trash folder." },
  invalid_part_number: { ko: "첨부파일 번호가 올바르지 않습니다.", en: "The attachment number is not valid." },
  invalid_search: {
    ko: "검색어가 너무 길거나 허용되지 않는 문자가 있습니다.",
    en: "The search text is too long or contains a character that is not allowed.",
  },
  invalid_date: { ko: "날짜가 올바르지 않습니다.", en: "The date is not valid." },
  invalid_uid_list: { ko: "선택한 메일이 없거나 너무 많습니다 (한 번에 최대 1,000개).", en: "No messages selected, or too many (at most 1,000 at once)." },
  invalid_parameter: badRequest,
  no_flags_given: badRequest,
  invalid_body: badRequest,
  mail_server_refused: { ko: "메일 서버가 요청을 거부했습니다.", en: "The mail server refused the request." },
  invalid_uid: { ko: "메일 번호가 올바르지 않습니다.", en: "The message number is not valid." },
  forbidden_character: { ko: "허용되지 않는 문자(제어 문자)가 들어 있습니다.", en: "The text contains a character that is not allowed (a control character)." },
  invalid_form: { ko: "보낸 양식을 읽을 수 없습니다.", en: "The form could not be read." },
  unknown_setting: { ko: "알 수 없는 설정입니다.", en: "That is not a setting." },
  invalid_setting: { ko: "설정 값이 올바르지 않습니다.", en: "That value is not allowed for the setting." },
  contact_not_found: { ko: "주소록에 없는 연락처나 그룹입니다.", en: "That contact or group is not in the address book." },
  invalid_contact: { ko: "주소록에 저장할 수 없는 연락처입니다. 이름이나 주소를 확인해 주세요.", en: "The address book cannot keep that contact: check its name and addresses." },
  group_exists: { ko: "같은 이름의 그룹이 이미 있습니다.", en: "A group of that name exists already." },
  invalid_content_id: { ko: "본문 이미지의 식별자가 올바르지 않습니다.", en: "An inline image has an invalid id." },
  import_unrecognized: { ko: "vCard나 CSV 주소록 파일이 아닙니다.", en: "Not a vCard or CSV address book." },
  outbox_not_found: { ko: "예약된 메일이 없습니다.", en: "That scheduled message does not exist." },
  already_sent: { ko: "이미 발송되었거나 발송 중인 메일입니다.", en: "That message is being sent or was sent." },
  invalid_send_time: { ko: "보낼 시각이 올바르지 않습니다 (지금부터 1년 이내).", en: "Invalid send time (up to a year ahead)." },
  receipts_unavailable: { ko: "수신확인을 쓸 수 없습니다.", en: "Read receipts are off." },
  bad_request: badRequest,
  unsupported_media_type: { ko: "지원하지 않는 형식입니다.", en: "This format is not supported." },
  // sizes and uploads
  message_too_large: tooLarge,
  payload_too_large: tooLarge,
  file_too_large: { ko: "파일이 서버의 최대 크기를 넘습니다.", en: "The file is larger than the server allows." },
  upload_quota_exceeded: {
    ko: "올려 둔 파일이 너무 많습니다. 메일을 보내거나 첨부를 지운 뒤 다시 시도하세요.",
    en: "Too many uploaded files are waiting. Send or remove some, then try again.",
  },
  upload_failed: { ko: "파일을 올리지 못했습니다.", en: "The file could not be uploaded." },
  // writing and sending
  invalid_address: { ko: "주소가 올바르지 않습니다.", en: "An address is not valid." },
  no_recipients: { ko: "받는 사람을 입력하세요.", en: "Add at least one recipient." },
  invalid_content_type: { ko: "첨부파일의 형식 정보가 올바르지 않습니다.", en: "An attachment's type is not valid." },
  invalid_included_parts: {
    ko: "원본 메일의 첨부파일을 찾을 수 없습니다.",
    en: "An attachment of the original message could not be found.",
  },
  too_many_attachments: { ko: "첨부파일이 너무 많습니다.", en: "There are too many attachments." },
  upload_not_found: { ko: "올린 파일을 찾을 수 없습니다. 다시 첨부하세요.", en: "The uploaded file is gone. Attach it again." },
  recipient_rejected: { ko: "메일 서버가 받는 사람 주소를 거부했습니다.", en: "The mail server refused a recipient address." },
  message_rejected: { ko: "메일 서버가 메일을 받지 않았습니다.", en: "The mail server refused the message." },
  draft_not_saved: { ko: "임시보관함에 저장하지 못했습니다.", en: "The draft could not be saved." },
  sender_not_allowed: { ko: "메일 서버가 이 주소로 보내는 것을 허용하지 않습니다.", en: "The mail server does not allow sending as this address." },
  unknown_sender: badRequest,
  // folder management (issue 25)
  folder_exists: { ko: "같은 이름의 편지함이 이미 있습니다.", en: "A folder with that name already exists." },
  special_folder: { ko: "기본 편지함(받은편지함, 보낸편지함, 휴지통 등)은 이름을 바꾸거나 삭제할 수 없습니다.", en: "Built-in folders (Inbox, Sent, Trash …) cannot be renamed or deleted." },
  folder_not_emptiable: { ko: "휴지통과 스팸함만 비울 수 있습니다.", en: "Only Trash and Spam can be emptied." },
  junk_not_found: { ko: "스팸함이 없습니다.", en: "There is no Spam folder." },
  preview_unsupported: { ko: "이 형식의 첨부파일은 미리 볼 수 없습니다. 내려받으세요.", en: "This kind of attachment cannot be previewed. Download it instead." },
  no_attachments: { ko: "첨부파일이 없습니다.", en: "There are no attachments." },
  archive_too_large: { ko: "첨부파일이 너무 커서 한 파일로 받을 수 없습니다. 하나씩 내려받으세요.", en: "The attachments are too large for one download. Download them one by one." },
  kept_in_drafts: { ko: "보내지 못했습니다. 메일은 임시보관함에 저장되었습니다.", en: "Not sent. The message was saved in Drafts." },
  not_sent: { ko: "보내지 못했고 임시보관함에도 저장하지 못했습니다.", en: "Not sent, and it could not be saved in Drafts either." },
  internal: { ko: "서버 오류가 발생했습니다. 잠시 후 다시 시도하세요.", en: "Something went wrong on the server. Try again shortly." },
  // list tools (issue 25)
  invalid_sort: badRequest,
  invalid_filter: badRequest,
  invalid_selection: badRequest,
  sort_unsupported: { ko: "이 메일 서버는 받은 날짜 순서로만 정렬할 수 있습니다.", en: "This mail server can only sort by the date received." },
  too_many_messages: { ko: "한 번에 처리하기에 메일이 너무 많습니다. 검색으로 범위를 좁히세요.", en: "Too many messages at once. Narrow them down with a search." },
};

/** A lazy chunk's own codes, added when it loads. */
export function registerErrorTexts(texts: Readonly<Record<string, Text>>): void {
  Object.assign(ERROR_TEXTS, texts);
}

/** For an unknown code or none (an older server, a proxy's page): a text by the status's kind. */
const KIND_TEXTS: Partial<Record<ApiErrorKind, Text>> = {
  unauthorized: signIn,
  server_unavailable: mailServerDown,
  too_large: tooLarge,
  bad_request: badRequest,
  not_found: notFound,
  network: { ko: "웹메일 서버에 연결할 수 없습니다.", en: "The webmail server cannot be reached." },
};

/** A failure in words for the user, in their language. */
export function describeError(error: unknown, language: Language): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.kind === "rate_limited") {
    // How long to wait is worth more than any text without it.
    return error.retryAfter !== null ? translate(language, "rateLimited", { seconds: error.retryAfter }) : translate(language, "rateLimitedNoTime");
  }
  const text = (error.code !== null ? ERROR_TEXTS[error.code] : undefined) ?? KIND_TEXTS[error.kind];
  const described = text ? text[language] : error.detail ?? error.message;
  // A failed send: `code` says why, `outcome` what became of the message.
  if (error.outcome === "kept_in_drafts" || error.outcome === "not_sent") {
    const outcome = ERROR_TEXTS[error.outcome][language];
    if (error.code === null || error.code === error.outcome) return outcome;
    return error.outcome === "kept_in_drafts" ? `${outcome} ${described}` : `${described} ${outcome}`;
  }
  return described;
}
