// An HTML mail: DOMPurify first, then a sandboxed iframe (no scripts) whose srcdoc carries its
// own CSP; remote content waits until the reader presses "외부 이미지 표시" for this message.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Message } from "../api/types";
import { useApp } from "../context";
import { cidKey } from "../lib/cid";
import type { sanitizeMailHtml } from "../lib/sanitize";
import type { foldHtmlQuote } from "../lib/quoteFold";
import { buildSrcdoc, FRAME_SANDBOX } from "../lib/srcdoc";
import { SettingsStore } from "../store/settingsStore";
import { ReaderStore } from "../store/readerStore";

interface Sanitizer {
  sanitize: typeof sanitizeMailHtml;
  /** 이전 내용 보기 folding, in the same lazy load. */
  fold: typeof foldHtmlQuote;
}

// DOMPurify is loaded with the first HTML mail, not with the login page (a fifth of the bundle).
let sanitizerLoad: Promise<Sanitizer> | null = null;
function loadSanitizer(): Promise<Sanitizer> {
  sanitizerLoad ??= Promise.all([import("../lib/sanitize"), import("../lib/quoteFold")]).then(([m, q]) => ({ sanitize: m.sanitizeMailHtml, fold: q.foldHtmlQuote }));
  return sanitizerLoad;
}

export function HtmlBody({ message, folder }: { message: Message; folder: string }) {
  const app = useApp();
  const sender = message.from?.email;
  // Remote content shows for this message when allowed here, or at once for a trusted sender (환경설정).
  const trusted = app.settings.use((s) => SettingsStore.trusts(s, sender));
  const allowRemote = app.reader.use(ReaderStore.isRemoteAllowed) || trusted;
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
      if (key && !cids.has(key)) cids.set(key, app.reader.attachmentUrl(message.uid, a.part));
    }
    const clean = sanitize.sanitize(message.html ?? "", { allowRemote, cidUrl: (key) => cids.get(key) ?? null });
    const inlineParts = new URL(app.reader.partsPath(message.uid), window.location.href).href;
    const body = sanitize.fold(clean.html, app.t("showQuoted")).html;
    return { srcdoc: buildSrcdoc(body, { allowRemote, inlineParts }), blocked: clean.blockedRemote };
  }, [message, folder, allowRemote, app, sanitize]);

  // The parent may read the frame (allow-same-origin) to size it to its content; the frame itself runs nothing.
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (frame.current && doc?.documentElement) frame.current.style.height = `${doc.documentElement.scrollHeight + 8}px`;
  };
  // 이전 내용 보기 opens a <details> in the frame: the frame grows with it (toggle does not bubble, so capture).
  const onLoad = () => {
    fit();
    frame.current?.contentDocument?.addEventListener("toggle", fit, true);
  };

  if (srcdoc === null) return <p className="empty">{app.t("loading")}</p>;
  return (
    <>
      {blocked > 0 && !allowRemote && (
        <div className="remote-bar" role="region" aria-label={app.t("remoteBlocked")}>
          <span>{app.t("remoteBlocked")}</span>
          <button type="button" onClick={() => app.reader.allowRemote()} data-testid="show-remote">
            {app.t("showRemote")}
          </button>
          {sender && (
            <button type="button" onClick={() => {
                app.reader.allowRemote();
                void app.settings.trust(sender);
              }}
              data-testid="trust-sender">
              {app.t("trustSender")}
            </button>
          )}
        </div>
      )}
      <iframe
        key={allowRemote ? "remote" : "local"}
        ref={frame}
        className="html-body"
        title={app.t("messageBody")}
        sandbox={FRAME_SANDBOX}
        srcDoc={srcdoc}
        referrerPolicy="no-referrer"
        onLoad={onLoad}
        data-testid="message-frame"
      />
    </>
  );
}
