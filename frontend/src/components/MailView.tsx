// Right pane: the open message. HTML goes through DOMPurify, then into a sandboxed iframe (no
// scripts) whose srcdoc carries its own CSP; remote content waits for "외부 이미지 표시".
// 인쇄 prints it alone: the print style sheet hides the app around it (styles.css, @media print).
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { Address, Message } from "../api/types";
import { useApp } from "../context";
import { MoveSelect } from "./MoveSelect";
import { SpamButton } from "./SpamButton";
import { formatAddress } from "../lib/address";
import { fileAttachments } from "../lib/attachments";
import { formatFullDate } from "../lib/dateFormat";
import type { MessageKey } from "../lib/i18n";
import { linkify } from "../lib/linkify";
import type { TextSegment } from "../lib/quoteFold";
import { HtmlBody } from "./HtmlBody";
import { AttachmentList } from "./AttachmentList";
import { AddToContacts } from "./AddToContacts";
import { folderByRole } from "../lib/folders";
import { isDraftsFolder } from "../store/mailboxStore";

// 수신확인 and 발송취소 (issue 33): a chunk of its own, for messages of the user's Sent only.
const ReceiptsPanel = lazy(() => import("./ReceiptsPanel"));

function AddressLine({ label, addresses }: { label: string; addresses: Address[] }) {
  if (addresses.length === 0) return null;
  return (
    <div className="header-line">
      <dt>{label}</dt>
      <dd>
        {addresses.map((a, i) => (
          <span key={i} className="address">
            {i > 0 && ", "}
            {formatAddress(a)}
            <AddToContacts address={a} />
          </span>
        ))}
      </dd>
    </div>
  );
}

function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = linkify(text).map((segment, i) =>
    segment.kind === "text" ? (
      segment.text
    ) : (
      <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
        {segment.text}
      </a>
    ),
  );
  return <>{parts}</>;
}

type TextFolder = (text: string) => TextSegment[];
let folderLoad: Promise<TextFolder> | null = null;

/** The quote folder: a lazy chunk (with the HTML sanitizer's), the start bundle stays small; the text shows unfolded meanwhile. */
function useFolder(): TextFolder | null {
  const [fold, setFold] = useState<TextFolder | null>(null);
  useEffect(() => {
    let live = true;
    folderLoad ??= import("../lib/quoteFold").then((m) => m.foldTextQuotes);
    void folderLoad.then((fn) => live && setFold(() => fn));
    return () => {
      live = false;
    };
  }, []);
  return fold;
}

/** A text body; its quoted history folded behind 이전 내용 보기 (a <details>, as in the HTML frame). */
export function PlainText({ text }: { text: string }) {
  const app = useApp();
  const fold = useFolder();
  return (
    <pre className="plain-body" data-testid="message-text">
      {(fold ? fold(text) : [{ kind: "text", text } as TextSegment]).map((segment, i) =>
        segment.kind === "text" ? (
          <Linkified key={i} text={segment.text} />
        ) : (
          <details key={i} className="quote-fold" data-testid="quote-fold">
            <summary>{app.t("showQuoted")}</summary>
            <Linkified text={segment.text} />
          </details>
        ),
      )}
    </pre>
  );
}

/**
 * The message's actions in one bar. At phone width it is compact: back, (이어서 쓰기), reply, reply
 * all, forward and delete as 44 px icons, the rest behind ⋯ (on a wide screen all show, in this order).
 */
function Actions({ message }: { message: Message }) {
  const app = useApp();
  const draft = app.mailbox.use(isDraftsFolder);
  const [moreOpen, setMoreOpen] = useState(false);
  // Its text on a wide screen; at phone width its icon (CSS shows data-icon), the text kept as its name.
  const action = (icon: string, label: MessageKey) => ({ title: app.t(label), "aria-label": app.t(label), "data-icon": icon, children: app.t(label) });
  return (
    <div className="actions" role="toolbar" aria-label={message.subject} data-more-open={moreOpen || undefined} data-testid="message-actions">
      <button type="button" className="back-button" onClick={() => app.reader.close()} {...action("←", "back")} />
      {draft && <button type="button" className="primary" onClick={() => void app.compose.editDraft(message.uid)} data-testid="edit-draft" {...action("✎", "continueEditing")} />}
      <button type="button" onClick={() => app.compose.open("reply")} aria-keyshortcuts="r" data-testid="reply" {...action("↩", "reply")} />
      <button type="button" onClick={() => app.compose.open("replyAll")} aria-keyshortcuts="a" {...action("⇇", "replyAll")} />
      <button type="button" onClick={() => app.compose.open("forward")} aria-keyshortcuts="f" {...action("↪", "forward")} />
      <button type="button" onClick={() => void app.mailbox.deleteMessages([message.uid])} aria-keyshortcuts="Delete #" data-testid="delete" {...action("🗑", "delete")} />
      <button type="button" className="more-toggle" aria-expanded={moreOpen} onClick={() => setMoreOpen(!moreOpen)} data-testid="more-actions" {...action("⋯", "moreActions")} />
      <div className="more-actions" onClick={(e) => e.target instanceof HTMLButtonElement && setMoreOpen(false)}>
        <MoveSelect uids={[message.uid]} />
        <SpamButton uids={[message.uid]} />
        <button type="button" onClick={() => app.compose.open("forward")?.forwardAsAttachment()} data-testid="forward-as-attachment">
          {app.t("forwardAsAttachment")}
        </button>
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
  const inSent = app.mailbox.use((s) => folderByRole(s.folders, "sent")?.name === folder);
  const receipts = app.receipts.use((s) => s.available);

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
      {inSent && receipts && (
        <Suspense fallback={null}>
          <ReceiptsPanel key={message.uid} uid={message.uid} folder={folder} />
        </Suspense>
      )}
      {files.length > 0 && <AttachmentList message={message} files={files} />}
      {message.html ? <HtmlBody message={message} folder={folder} /> : <PlainText text={message.text ?? ""} />}
    </article>
  );
}
