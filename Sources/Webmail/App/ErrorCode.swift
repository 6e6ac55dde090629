/// The stable `code` of every API error body, what a client branches on and shows its own text
/// for (the SPA, in the user's language); the `detail` beside it may be reworded. docs/api.yaml's
/// `ErrorCode` schema lists the same codes with their meaning (ErrorCodeTests holds the two to
/// each other).
public enum ErrorCode: String, Sendable, CaseIterable {
    // The generic code of a status: only for errors that are not ours (Hummingbird's own, e.g.
    // an unknown route or method, a body over the server's limit) and for unexpected failures.
    case badRequest = "bad_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case payloadTooLarge = "payload_too_large"
    case tooManyRequests = "too_many_requests"
    case internalError = "internal"
    case serviceUnavailable = "service_unavailable"

    // Signing in and the session.
    /// Wrong user name or password (the seed's `인증 실패`).
    case authenticationFailed = "authentication_failed"
    /// No token (neither the header nor the cookie).
    case loginRequired = "login_required"
    /// The token's lifetime is over.
    case sessionExpired = "session_expired"
    /// A token that is not ours, was tampered with or revoked, or an Authorization header that is not Bearer.
    case invalidToken = "invalid_token"
    /// A cookie-authenticated change without the matching X-CSRF-Token.
    case csrfMismatch = "csrf_mismatch"
    /// A browser's login request from another site (login CSRF).
    case crossSiteLogin = "cross_site_login"
    /// A body type the route does not take (a login that is not application/json).
    case unsupportedMediaType = "unsupported_media_type"
    /// Too many failed logins for this account from this address, or from this address (Retry-After).
    case rateLimited = "rate_limited"
    /// Too many logins being checked at once (Retry-After).
    case loginBusy = "login_busy"
    /// The mail server no longer accepts the session's password (changed since the login): sign in again.
    case mailServerRefusedLogin = "mail_server_refused_login"

    // The mail server and the webmail's capacity.
    /// The mail server (IMAP or SMTP) cannot be reached or misbehaved.
    case mailServerUnavailable = "mail_server_unavailable"
    /// The mail server refused the command (its own words are logged, not shown).
    case mailServerRefused = "mail_server_refused"
    /// Every mail server connection the webmail may open stayed busy, or parsing took too long (Retry-After).
    case serviceBusy = "service_busy"
    /// The state database (SQLite file or PostgreSQL) cannot be reached or written: sessions,
    /// uploads and logouts wait for it; reading mail does not (Retry-After).
    case stateStoreUnavailable = "state_store_unavailable"

    // Mailbox requests.
    case folderNotFound = "folder_not_found"
    case messageNotFound = "message_not_found"
    case partNotFound = "part_not_found"
    /// The account has no Trash folder to move deleted mail to.
    case trashNotFound = "trash_not_found"
    /// A folder name with control characters or over 1,000 bytes.
    case invalidFolderName = "invalid_folder_name"
    /// A UID that is not 1 to 4294967295 (path, query or body, e.g. `draft_uid`).
    case invalidUID = "invalid_uid"
    /// A part number that is not like `2` or `2.1`.
    case invalidPartNumber = "invalid_part_number"
    /// A query parameter out of its range or not a number (`page`, `size`).
    case invalidParameter = "invalid_parameter"
    /// A search text (`q`, `from`, `to`, `subject`) with control characters or over 500 bytes.
    case invalidSearch = "invalid_search"
    /// A search date (`since`, `before`) that is not a real `YYYY-MM-DD` day.
    case invalidDate = "invalid_date"
    /// An empty `uids` list, or more than 1,000 at once.
    case invalidUIDList = "invalid_uid_list"
    /// A flags change that names neither `seen` nor `flagged`.
    case noFlagsGiven = "no_flags_given"

    // Writing and sending.
    /// A JSON body that is not what the route takes.
    case invalidBody = "invalid_body"
    /// An unreadable multipart/form-data body.
    case invalidForm = "invalid_form"
    /// A control character (CR, LF, NUL …) in a header field such as the subject, a name or a file name.
    case forbiddenCharacter = "forbidden_character"
    /// An address that cannot be a mailbox.
    case invalidAddress = "invalid_address"
    /// A send without any recipient.
    case noRecipients = "no_recipients"
    /// A part's content type that is not `type/subtype`.
    case invalidContentType = "invalid_content_type"
    /// `include_parts` that is not `{folder, uid, parts}` with 1 to 100 part numbers, or names a multipart.
    case invalidIncludedParts = "invalid_included_parts"
    /// An inline image's `content_id` that is not 1 to 200 of `A-Z a-z 0-9 . _ @ -`, or an inline entry without one.
    case invalidContentID = "invalid_content_id"
    /// More upload ids than a message may carry.
    case tooManyAttachments = "too_many_attachments"
    /// An upload id that is malformed, unknown, expired, sent or someone else's.
    case uploadNotFound = "upload_not_found"
    /// The message is over ZM_MAX_MESSAGE_BYTES, or over the mail server's own limit.
    case messageTooLarge = "message_too_large"
    /// The file is over ZM_MAX_MESSAGE_BYTES.
    case fileTooLarge = "file_too_large"
    /// The user's uploads not yet sent would pass twice ZM_MAX_MESSAGE_BYTES.
    case uploadQuotaExceeded = "upload_quota_exceeded"
    /// 대용량 첨부: the user's large files together would pass ZM_LARGE_FILE_QUOTA (413).
    case largeFileQuotaExceeded = "large_file_quota_exceeded"
    /// tus: a PATCH whose Upload-Offset is not the bytes stored so far (409; HEAD, then resume).
    case uploadOffsetMismatch = "upload_offset_mismatch"
    /// tus: a request without `Tus-Resumable: 1.0.0` (412), or tus headers that are not valid (400).
    case tusVersionUnsupported = "tus_version_unsupported"
    case invalidTusRequest = "invalid_tus_request"
    /// The server could not store the upload (disk).
    case uploadFailed = "upload_failed"
    /// The mail server refused a recipient of the message.
    case recipientRejected = "recipient_rejected"
    /// The mail server refused the message.
    case messageRejected = "message_rejected"
    /// The draft could not be stored in Drafts.
    case draftNotSaved = "draft_not_saved"
    /// The mail server does not let this login send as that address (Postfix's
    /// reject_sender_login_mismatch), at send or when an identity is added (403).
    case senderNotAllowed = "sender_not_allowed"
    /// A `from` that is neither the login address nor one of the user's identities (400, nothing sent).
    case unknownSender = "unknown_sender"

    // List tools (issue 25).
    /// A `sort` that is not received, sent, from, subject or size, or an `order` that is not asc or desc.
    case invalidSort = "invalid_sort"
    /// A `filter` that is not unread or flagged.
    case invalidFilter = "invalid_filter"
    /// An order the mail server cannot give (it lacks SORT): only the received date is offered then.
    case sortUnsupported = "sort_unsupported"
    /// A bulk action that names neither `uids` nor `"all": true`, or both.
    case invalidSelection = "invalid_selection"
    /// A bulk action on "all" that would touch more messages than the server acts on at once.
    case tooManyMessages = "too_many_messages"
    // Folder management (issue 25).
    /// A folder of that name exists already (409).
    case folderExists = "folder_exists"
    /// INBOX or a special-use folder (Sent, Drafts, Trash, Junk, Archive …), or a folder holding one, cannot be renamed or deleted.
    case specialFolder = "special_folder"
    /// Only the Trash and the Junk folder can be emptied.
    case folderNotEmptiable = "folder_not_emptiable"
    /// The account has no Junk folder to move spam to.
    case junkNotFound = "junk_not_found"
    // Attachments (issue 25).
    /// The attachment's type cannot be shown in the browser (only PNG, JPEG, GIF, WebP, PDF and plain text can), or its content is not what its type says: download it instead.
    case previewUnsupported = "preview_unsupported"
    /// The message has no attachments to put in a zip.
    case noAttachments = "no_attachments"
    /// The attachments together are too big for one zip (4 GiB): download them one by one.
    case archiveTooLarge = "archive_too_large"

    // Settings (issue 27).
    /// A `PATCH /settings` key that is not a setting (the detail names it).
    case unknownSetting = "unknown_setting"
    /// A setting's value outside what it may be (the detail names the key and what it takes).
    case invalidSetting = "invalid_setting"
    // Address book (issue 27).
    /// A contact or group the request names does not exist (or is someone else's).
    case contactNotFound = "contact_not_found"
    /// A contact or group the address book cannot keep: no name and no address, a field too long, too many entries.
    case invalidContact = "invalid_contact"
    /// A group of that name exists already (409).
    case groupExists = "group_exists"
    // Filters and 부재중 over ManageSieve (issue 31).
    /// ManageSieve is not configured (`ZM_SIEVE_PORT=0`): filters and 부재중 are off (404).
    case sieveUnavailable = "sieve_unavailable"
    /// The ManageSieve server cannot be reached or refused us (502); mail itself still works.
    case sieveServerUnavailable = "sieve_server_unavailable"
    /// A filter or auto-reply the builder will not write (400); the detail names the field.
    case invalidSieveRules = "invalid_sieve_rules"
    /// The server's Sieve compiler refused a raw script (400); the detail holds its errors.
    case sieveScriptInvalid = "sieve_script_invalid"
    /// Another program's script is active; the webmail does not replace it unless told to (409).
    case sieveScriptForeign = "sieve_script_foreign"
    /// An address-book import file that is neither vCard nor a CSV with a header we know (Outlook, Gmail, Naver, ours).
    case importUnrecognized = "import_unrecognized"

    // The outbox (issue 29).
    /// The user has no waiting or failed outbox entry of that id.
    case outboxNotFound = "outbox_not_found"
    /// The mail is being sent or was sent: it can no longer be cancelled or moved (409).
    case alreadySent = "already_sent"
    /// A `send_at` that is not ISO 8601, in the past or over a year ahead, or a `delay_seconds` outside 0–30.
    case invalidSendTime = "invalid_send_time"

    // 수신확인 and 발송취소 (issue 33).
    /// No Dovecot master user is configured (`ZM_IMAP_MASTER_USER`): both features are off (404).
    case receiptsUnavailable = "receipts_unavailable"

    /// The generic code of a status, for errors that carry none of ours (JSONErrorMiddleware).
    static func generic(for status: Int) -> ErrorCode {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 413: .payloadTooLarge
        case 415: .unsupportedMediaType
        case 429: .tooManyRequests
        case 502: .mailServerUnavailable
        case 503: .serviceUnavailable
        case 400..<500: .badRequest
        default: .internalError
        }
    }
}
