// An HTML mail: DOMPurify first, then a sandboxed iframe (no scripts) whose srcdoc carries its
// own CSP; remote content waits until the reader presses "외부 이미지 표시" for this message.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Message } from "../api/types";
import { useMailStore } from "../context";
import { cidKey } from "../lib/cid";
import type { sanitizeMailHtml } from "../lib/sanitize";
import { buildSrcdoc, FRAME_SANDBOX } from "../lib/srcdoc";
import { useMail } from "../store/mailStore";

type Sanitizer = typeof sanitizeMailHtml;

// DOMPurify is loaded with the first HTML mail, not with the login page (a fifth of the bundle).
let sanitizerLoad: Promise<Sanitizer> | null = null;
function loadSanitizer(): Promise<Sanitizer> {
  sanitizerLoad ??= import("../lib/sanitize").then((m) => m.sanitizeMailHtml);
  return sanitizerLoad;
}

export function HtmlBody({ message, folder }: { message: Message; folder: string }) {
  const mail = useMailStore();
  const allowRemote = useMail(mail, (s) => mail.isRemoteAllowed(s));
  const frame = useRef<HTMLIFrameElement>(null);
  const [sanitize, setSanitize] = useState<Sanitizer | null>(null);
  useEffect(() => {
    let live = true;
    void loadSanitizer().then((fn) => live && setSanitize(() => fn));
    return () => {
      live = false;
    };
  }, []);
  const { srcdoc, blocked } = useMemo(() => {
    // Nothing is shown until the sanitizer is there: raw mail HTML never reaches the frame.
    if (!sanitize) return { srcdoc: null, blocked: 0 };
    const cids = new Map<string, string>();
    for (const a of message.attachments) {
      // The first part with an id wins.
      const key = a.content_id && cidKey(a.content_id);
      if (key && !cids.has(key)) cids.set(key, mail.api.attachmentUrl(folder, message.uid, a.part));
    }
    const clean = sanitize(message.html ?? "", { allowRemote, cidUrl: (key) => cids.get(key) ?? null });
    const inlineParts = new URL(mail.api.partsPath(message.uid), window.location.href).href;
    return { srcdoc: buildSrcdoc(clean.html, { allowRemote, inlineParts }), blocked: clean.blockedRemote };
  }, [message, folder, allowRemote, mail, sanitize]);

  // The parent may read the frame (allow-same-origin) to size it to its content; the frame itself runs nothing.
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (frame.current && doc?.documentElement) frame.current.style.height = `${doc.documentElement.scrollHeight + 8}px`;
  };

  if (srcdoc === null) return <p className="empty">{mail.t("loading")}</p>;
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
