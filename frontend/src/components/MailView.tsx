// Right pane: the open message. HTML goes through DOMPurify, then into a sandboxed iframe (no
// scripts) whose srcdoc carries its own CSP; remote content waits for "외부 이미지 표시".
import type { ReactNode } from "react";
import type { Address, Message } from "../api/types";
import { useMailStore } from "../context";
import { MoveSelect } from "./MoveSelect";
import { formatAddress } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import { formatFullDate, formatSize } from "../lib/dateFormat";
import { linkify } from "../lib/linkify";
import { HtmlBody } from "./HtmlBody";
import { useMail } from "../store/mailStore";

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
  const mail = useMailStore();
  const folder = useMail(mail, (s) => s.folder);
  const draft = useMail(mail, (s) => mail.inDrafts(s));
  return (
    <div className="actions" role="toolbar" aria-label={message.subject}>
      <button type="button" className="back-button" onClick={() => mail.closeMessage()}>
        ← {mail.t("back")}
      </button>
      {draft && (
        <button type="button" className="primary" onClick={() => mail.openCompose("draft")} data-testid="edit-draft">
          {mail.t("continueEditing")}
        </button>
      )}
      <button type="button" onClick={() => mail.openCompose("reply")} aria-keyshortcuts="r" data-testid="reply">
        {mail.t("reply")}
      </button>
      <button type="button" onClick={() => mail.openCompose("replyAll")} aria-keyshortcuts="a">
        {mail.t("replyAll")}
      </button>
      <button type="button" onClick={() => mail.openCompose("forward")} aria-keyshortcuts="f">
        {mail.t("forward")}
      </button>
      <button type="button" onClick={() => void mail.deleteMessages([message.uid])} aria-keyshortcuts="Delete #" data-testid="delete">
        {mail.t("delete")}
      </button>
      <MoveSelect uids={[message.uid]} />
      <button type="button" onClick={() => void mail.markUnread([message.uid])} aria-keyshortcuts="u">
        {mail.t("markUnread")}
      </button>
      <button type="button" aria-pressed={message.flags.flagged} aria-keyshortcuts="s" onClick={() => void mail.toggleStar([message.uid])}>
        {message.flags.flagged ? `★ ${mail.t("unstar")}` : `☆ ${mail.t("star")}`}
      </button>
      <a className="button" href={mail.api.rawUrl(folder, message.uid)} download={`${message.uid}.eml`}>
        {mail.t("downloadEml")}
      </a>
    </div>
  );
}

export function MailView() {
  const mail = useMailStore();
  const message = useMail(mail, (s) => s.message);
  const loading = useMail(mail, (s) => s.messageLoading);
  const error = useMail(mail, (s) => s.messageError);
  const folder = useMail(mail, (s) => s.folder);
  const language = useMail(mail, (s) => s.language);

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (loading && !message) return <p className="empty">{mail.t("loading")}</p>;
  if (!message) return <p className="empty">{mail.t("selectMessage")}</p>;

  const files = fileAttachments(message);
  return (
    <article className="message" aria-labelledby="message-subject" data-testid="message-view">
      <Actions message={message} />
      <h2 id="message-subject" className="message-subject">
        {message.subject || mail.t("noSubject")}
      </h2>
      <dl className="headers">
        <AddressLine label={mail.t("from")} addresses={message.from ? [message.from] : []} />
        <AddressLine label={mail.t("to")} addresses={message.to} />
        <AddressLine label={mail.t("cc")} addresses={message.cc} />
        <AddressLine label={mail.t("bcc")} addresses={message.bcc ?? []} />
        <div className="header-line">
          <dt>{mail.t("date")}</dt>
          <dd>
            <time dateTime={message.date ?? undefined}>{formatFullDate(message.date, language)}</time>
          </dd>
        </div>
      </dl>
      {files.length > 0 && (
        <section className="attachments" aria-label={mail.t("attachments")}>
          <h3>{mail.t("attachments")}</h3>
          <ul>
            {files.map((a) => (
              <li key={a.part}>
                <a href={mail.api.attachmentUrl(folder, message.uid, a.part)} download="" data-testid="attachment">
                  📎 {a.filename || a.part}
                </a>{" "}
                <span className="size">({formatSize(a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {message.html ? <HtmlBody message={message} folder={folder} /> : <PlainText text={message.text ?? ""} />}
    </article>
  );
}
