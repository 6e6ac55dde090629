// Right pane: the open message. HTML goes through DOMPurify, then into a sandboxed iframe (no
// scripts) whose srcdoc carries its own CSP; remote content waits for "외부 이미지 표시".
// 인쇄 prints it alone: the print style sheet hides the app around it (styles.css, @media print).
import type { ReactNode } from "react";
import type { Address, Message } from "../api/types";
import { useApp } from "../context";
import { MoveSelect } from "./MoveSelect";
import { SpamButton } from "./SpamButton";
import { formatAddress } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import { formatFullDate } from "../lib/dateFormat";
import { linkify } from "../lib/linkify";
import { HtmlBody } from "./HtmlBody";
import { AttachmentList } from "./AttachmentList";
import { isDraftsFolder } from "../store/mailboxStore";

function AddressLine({ label, addresses }: { label: string; addresses: Address[] }) {
  if (addresses.length === 0) return null;
  return (
    <div className="header-line">
      <dt>{label}</dt>
      <dd>{addresses.map(formatAddress).join(", ")}</dd>
    </div>
  );
}

function PlainText({ text }: { text: string }) {
  const parts: ReactNode[] = linkify(text).map((segment, i) =>
    segment.kind === "text" ? (
      segment.text
    ) : (
      <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
        {segment.text}
      </a>
    ),
  );
  return (
    <pre className="plain-body" data-testid="message-text">
      {parts}
    </pre>
  );
}

function Actions({ message }: { message: Message }) {
  const app = useApp();
  const draft = app.mailbox.use(isDraftsFolder);
  return (
    <div className="actions" role="toolbar" aria-label={message.subject}>
      <button type="button" className="back-button" onClick={() => app.reader.close()}>
        ← {app.t("back")}
      </button>
      {draft && (
        <button type="button" className="primary" onClick={() => app.compose.open("draft")} data-testid="edit-draft">
          {app.t("continueEditing")}
        </button>
      )}
      <button type="button" onClick={() => app.compose.open("reply")} aria-keyshortcuts="r" data-testid="reply">
        {app.t("reply")}
      </button>
      <button type="button" onClick={() => app.compose.open("replyAll")} aria-keyshortcuts="a">
        {app.t("replyAll")}
      </button>
      <button type="button" onClick={() => app.compose.open("forward")} aria-keyshortcuts="f">
        {app.t("forward")}
      </button>
      <button type="button" onClick={() => void app.mailbox.deleteMessages([message.uid])} aria-keyshortcuts="Delete #" data-testid="delete">
        {app.t("delete")}
      </button>
      <MoveSelect uids={[message.uid]} />
      <SpamButton uids={[message.uid]} />
      <button type="button" onClick={() => void app.mailbox.markUnread([message.uid])} aria-keyshortcuts="u">
        {app.t("markUnread")}
      </button>
      <button type="button" aria-pressed={message.flags.flagged} aria-keyshortcuts="s" onClick={() => void app.mailbox.toggleStar([message.uid])}>
        {message.flags.flagged ? `★ ${app.t("unstar")}` : `☆ ${app.t("star")}`}
      </button>
      <button type="button" onClick={() => window.print()} data-testid="print">
        {app.t("print")}
      </button>
      <a className="button" href={app.reader.rawUrl(message.uid)} download={`${message.uid}.eml`}>
        {app.t("downloadEml")}
      </a>
    </div>
  );
}

export function MailView() {
  const app = useApp();
  const message = app.reader.use((s) => s.message);
  const loading = app.reader.use((s) => s.messageLoading);
  const error = app.reader.use((s) => s.messageError);
  const folder = app.reader.use((s) => s.folder);
  const language = app.language.use((s) => s.language);

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (loading && !message) return <p className="empty">{app.t("loading")}</p>;
  if (!message) return <p className="empty">{app.t("selectMessage")}</p>;

  const files = fileAttachments(message);
  return (
    <article className="message" aria-labelledby="message-subject" data-testid="message-view">
      <Actions message={message} />
      <h2 id="message-subject" className="message-subject">
        {message.subject || app.t("noSubject")}
      </h2>
      <dl className="headers">
        <AddressLine label={app.t("from")} addresses={message.from ? [message.from] : []} />
        <AddressLine label={app.t("to")} addresses={message.to} />
        <AddressLine label={app.t("cc")} addresses={message.cc} />
        <AddressLine label={app.t("bcc")} addresses={message.bcc ?? []} />
        <div className="header-line">
          <dt>{app.t("date")}</dt>
          <dd>
            <time dateTime={message.date ?? undefined}>{formatFullDate(message.date, language)}</time>
          </dd>
        </div>
      </dl>
      {files.length > 0 && <AttachmentList message={message} files={files} />}
      {message.html ? <HtmlBody message={message} folder={folder} /> : <PlainText text={message.text ?? ""} />}
    </article>
  );
}
