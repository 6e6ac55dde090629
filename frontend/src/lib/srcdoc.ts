// The document an HTML mail is shown in: `<iframe sandbox="allow-same-origin …" srcdoc=…>` (no
// allow-scripts, so nothing in it runs), with a Content-Security-Policy of its own as a second,
// independent wall. Remote images and CSS are only allowed after the reader asked for them.
// Pure string building, so it is unit-tested in node; sanitizing happens before, in sanitize.ts.

export interface FrameOptions {
  /** The reader chose "외부 이미지 표시" for this message. */
  allowRemote: boolean;
  /**
   * Absolute URL of this message's inline parts, ending in "/" (`https://host/api/mail/messages/7/attachments/`):
   * the only same-origin URLs the frame may load. Without it the frame loads nothing of ours.
   */
  inlineParts?: string;
}

/**
 * The frame's CSP. Images of our origin only under this message's own attachment path: never
 * 'self', because the frame's requests carry the user's cookie and mail HTML must not reach any
 * other route (`<img src="/api/mail/messages/N">`). A source with a path ending in "/" matches
 * that prefix (CSP3 §6.7.2.14, after percent-decoding and dot-segment removal by the URL parser);
 * the query (`?folder=`) is not part of the match, so a same-uid part of another folder could
 * load, which is only a read. No script source at all; forms, frames, plugins, base changes off.
 */
export function buildFrameCsp(options: FrameOptions): string {
  const remote = options.allowRemote ? " https: http:" : "";
  const ownParts = options.inlineParts && isInlinePartsSource(options.inlineParts) ? `${options.inlineParts} ` : "";
  return [
    "default-src 'none'",
    "script-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "worker-src 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    `style-src 'unsafe-inline'${remote}`,
    `img-src ${ownParts}data: cid:${remote}`,
    `font-src data:${remote}`,
  ].join("; ");
}

/** A CSP source expression must not smuggle in a `;` or a space (a second directive or source). */
function isInlinePartsSource(url: string): boolean {
  return /^https?:\/\/[^\s;,'"]+\/attachments\/$/.test(url);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Readable defaults for mail that brings no styles; mail's own styles still win. color-scheme
// light keeps mail designed for white paper legible in dark mode.
const FRAME_STYLE =
  "html{color-scheme:light}body{margin:0;padding:12px;font:14px/1.6 'Malgun Gothic','Apple SD Gothic Neo','Noto Sans KR',NanumGothic,sans-serif;" +
  "color:#1a1a1a;background:#fff;word-wrap:break-word;overflow-wrap:anywhere}img{max-width:100%;height:auto}" +
  "pre{white-space:pre-wrap}table{max-width:100%}blockquote{margin:0 0 0 .8em;padding-left:.8em;border-left:3px solid #ccc}";

/** The complete srcdoc for an already sanitized HTML body. */
export function buildSrcdoc(sanitizedBody: string, options: FrameOptions): string {
  return (
    "<!doctype html><html><head><meta charset=\"utf-8\">" +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(buildFrameCsp(options))}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${FRAME_STYLE}</style></head><body>${sanitizedBody}</body></html>`
  );
}

/** The iframe's sandbox tokens: never allow-scripts (with allow-same-origin the frame could escape). */
export const FRAME_SANDBOX = "allow-same-origin allow-popups allow-popups-to-escape-sandbox";
