// An HTML mail: DOMPurify first, then a sandboxed iframe (no scripts) whose srcdoc carries its
// own CSP; remote content waits until the reader presses "외부 이미지 표시" for this message.
import { useMemo, useRef } from "react";
import type { Message } from "../api/types";
import { useMailStore } from "../context";
import { sanitizeMailHtml } from "../lib/sanitize";
import { buildSrcdoc, FRAME_SANDBOX } from "../lib/srcdoc";
import { useMail } from "../store/mailStore";

export function HtmlBody({ message, folder }: { message: Message; folder: string }) {
  const mail = useMailStore();
  const allowRemote = useMail(mail, (s) => mail.isRemoteAllowed(s));
  const frame = useRef<HTMLIFrameElement>(null);
  const { srcdoc, blocked } = useMemo(() => {
    const cids = new Map<string, string>();
    for (const a of message.attachments) {
      if (a.content_id) cids.set(a.content_id.replace(/^<|>$/g, ""), mail.api.attachmentUrl(folder, message.uid, a.part));
    }
    const clean = sanitizeMailHtml(message.html ?? "", { allowRemote, cidUrl: (id) => cids.get(id) ?? null });
    return { srcdoc: buildSrcdoc(clean.html, { allowRemote }), blocked: clean.blockedRemote };
  }, [message, folder, allowRemote, mail]);

  // The parent may read the frame (allow-same-origin) to size it to its content; the frame itself runs nothing.
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (frame.current && doc?.documentElement) frame.current.style.height = `${doc.documentElement.scrollHeight + 8}px`;
  };

  return (
    <>
      {blocked > 0 && !allowRemote && (
        <div className="remote-bar" role="region" aria-label={mail.t("remoteBlocked")}>
          <span>{mail.t("remoteBlocked")}</span>
          <button type="button" onClick={() => mail.allowRemote()} data-testid="show-remote">
            {mail.t("showRemote")}
          </button>
        </div>
      )}
      <iframe
        key={allowRemote ? "remote" : "local"}
        ref={frame}
        className="html-body"
        title={mail.t("messageBody")}
        sandbox={FRAME_SANDBOX}
        srcDoc={srcdoc}
        referrerPolicy="no-referrer"
        onLoad={fit}
        data-testid="message-frame"
      />
    </>
  );
}
