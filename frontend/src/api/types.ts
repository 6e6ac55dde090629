// The JSON shapes of the HTTP API (shared/DESIGN.md, issue 6). snake_case as on the wire.
import type { ApiError } from "./apiError";

export interface Address {
  name: string;
  email: string;
}

export interface MessageFlags {
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  draft: boolean;
  /** $Forwarded; absent from servers before issue 25. */
  forwarded?: boolean;
}

/** The list orders GET /mail/messages offers (`sort=`), and the filters (`filter=`). */
export type SortField = "received" | "sent" | "from" | "subject" | "size";
export type SortOrder = "asc" | "desc";
export type ListFilter = "unread" | "flagged";

/**
 * The detailed search's fields (상세 검색), as GET /mail/messages takes them: `body` (본문 포함)
 * lets `q` match the body too; `since`/`before` are YYYY-MM-DD, `before` excluded.
 */
export interface SearchFields {
  body?: boolean;
  from?: string;
  to?: string;
  subject?: string;
  since?: string;
  before?: string;
  attachment?: boolean;
  /** 모든 편지함: every folder but Trash and Spam (`scope=all`); rows then name their folder. */
  all?: boolean;
}

/** "All N in this folder/search": the list a bulk action covers, resolved by the server. */
export interface ListSearch extends SearchFields {
  q?: string;
  filter?: ListFilter;
}

export interface MessageSummary {
  uid: number;
  subject: string;
  /** Absent when the message has no (parsable) From or Date. */
  from?: Address | null;
  to: Address[];
  date?: string | null;
  flags: MessageFlags;
  size: number;
  has_attachments: boolean;
  /** The row's folder, in a search of all folders only. */
  folder?: string;
  preview: string;
}

export interface AttachmentInfo {
  part: string;
  filename: string;
  content_type: string;
  size: number;
  inline: boolean;
  content_id?: string | null;
}

export interface Message extends MessageSummary {
  cc: Address[];
  /** Kept by drafts; absent from servers before the draft-reopen change. */
  bcc?: Address[];
  reply_to: Address[];
  message_id: string | null;
  in_reply_to: string | null;
  references: string[];
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** A draft's recipients that were typed but are not addresses (kept as typed); absent when none. */
  unparsed_recipients?: UnparsedRecipients;
}

/** What was typed in To/Cc/Bcc that is not an address: a draft keeps it, a send refuses it. */
export interface UnparsedRecipients {
  to?: string[];
  cc?: string[];
  bcc?: string[];
}

export type FolderRole = "inbox" | "drafts" | "sent" | "trash" | "junk" | "archive" | null;

export interface Folder {
  name: string;
  display_name: string;
  delimiter: string | null;
  role: FolderRole;
  unseen: number;
  total: number;
  children: Folder[];
}

export interface MessagePage {
  total: number;
  page: number;
  size: number;
  messages: MessageSummary[];
}

/** One row of 대화형 보기: a conversation of the folder (GET /mail/threads). */
export interface ThreadSummary {
  id: string;
  subject: string;
  /** Who wrote in it, in order, each once with how many messages (`count`, shown as 이름 ×N). */
  participants: (Address & { count?: number })[];
  count: number;
  unseen: number;
  flagged: boolean;
  date: string | null;
  has_attachments: boolean;
  /** Its messages in the listed folder (what the list's actions apply to). */
  uids: number[];
}

export interface ThreadPage {
  total: number;
  page: number;
  size: number;
  threads: ThreadSummary[];
}

/** A message of an open conversation, with its folder (own replies come from Sent, `own`). */
export interface ThreadMessage extends Message {
  folder: string;
  own?: boolean;
}

export interface LoginResult {
  access_token: string;
  token_type: string;
  expires_at: string;
  user: { email: string };
}

/** GET /auth/me: who is signed in, and the server's message size limit (ZM_MAX_MESSAGE_BYTES). */
export interface Me {
  email: string;
  max_message_bytes?: number;
  /** 수신확인 and 발송취소 are offered (a Dovecot master user is configured). */
  receipts?: boolean;
}

/** POST /mail/uploads: a file kept on the server until a send or draft names its id. */
export interface UploadedFile {
  id: string;
  filename: string;
  content_type: string;
  size: number;
}

/** Parts of a message in the user's mailbox that the server attaches itself (forward, reopened draft). */
export interface IncludedParts {
  folder: string;
  uid: number;
  parts: PartReference[];
}

/** A part of a message: a file (its part number), or an image of the HTML body with its Content-ID. */
export type PartReference = string | { part: string; inline: true; content_id: string };

/** An uploaded file: an attachment (its id), or an image of the HTML body with its Content-ID. */
export type UploadReference = string | { id: string; inline: true; content_id: string };

/** What the user wrote; the client turns it into the send/draft request. */
export interface OutgoingMessage {
  /** An identity's email (null/absent: the login address). */
  from?: string | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** Only a draft may have any (POST /mail/drafts keeps them; a send is refused). */
  unparsed?: UnparsedRecipients;
  subject: string;
  /** Plain mode's text; null in HTML mode (the server writes the text part from the HTML). */
  text: string | null;
  /** HTML mode: sanitized, its images as `cid:` references to inline parts. */
  html?: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Files uploaded with POST /mail/uploads. */
  attachments: UploadReference[];
  includeParts: IncludedParts | null;
  /** The draft this message replaces (its UID in the Drafts folder), when it was saved before. */
  draftUid: number | null;
  /** The message this answers (flagged \Answered by the server once sent). */
  replyTo: { uid: number; folder: string } | null;
  /** The message this forwards (flagged $Forwarded by the server once sent). */
  forwardOf?: { uid: number; folder: string } | null;
  /** 첨부로 전달: the server attaches this message whole (message/rfc822). */
  forwardAsAttachment?: { uid: number; folder: string } | null;
}

/** The outcome of POST /mail/send: sent, or kept in Drafts with the reason. */
/** A send that failed but whose message the server kept in Drafts is an outcome, with the error that stopped it. */
export type SendOutcome =
  | { kind: "sent" }
  | { kind: "kept_in_drafts"; error: ApiError }
  /** Waiting in the outbox (발송 취소 window, 예약 발송) until `sendAt` (ISO 8601). */
  | { kind: "queued"; outboxId: string; sendAt: string };

/** When to send: after the undo window (seconds), or at a time (ISO 8601); neither: now. */
export interface SendSchedule {
  delaySeconds?: number;
  sendAt?: string;
}

/** Where a move or delete put the messages, with their UIDs there (empty: unknown, no undo). */
export interface MovedMessages {
  folder: string;
  uids: number[];
}

/** The answer to a move or delete; no `moved` when the messages were expunged. */
export interface MoveAnswer {
  ok: boolean;
  moved?: MovedMessages;
  /** Bulk requests: how many messages were acted on. */
  count?: number;
}

/** DELETE /mail/folders: the folders gone (deepest first) and how many messages went to Trash. */
export interface DeletedFolders {
  folders: string[];
  trashed: number;
  trash: string;
}
