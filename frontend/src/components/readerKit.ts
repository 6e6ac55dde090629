// What the lazy 대화형 보기 chunk (Conversations.tsx) uses of the start bundle, handed to it as
// one object (see there why not by import).
import { useApp } from "../context";
import { displayName } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import { formatFullDate, formatListDate } from "../lib/dateFormat";
import { AttachmentList } from "./AttachmentList";
import { HtmlBody } from "./HtmlBody";
import { MailView, PlainText } from "./MailView";
import { MoveSelect } from "./MoveSelect";
import { SpamButton } from "./SpamButton";

export const readerKit = { useApp, displayName, fileAttachments, formatFullDate, formatListDate, AttachmentList, HtmlBody, PlainText, MailView, MoveSelect, SpamButton };
export type ReaderKit = typeof readerKit;
