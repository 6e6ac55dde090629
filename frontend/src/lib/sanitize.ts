// HTML mail through DOMPurify (the second wall; the sandboxed, CSP-bound iframe is the first).
// Besides removing anything active, it takes out remote references (images, CSS) until the reader
// allows them, counting them so the view can offer "외부 이미지 표시", resolves cid: images to the
// API's attachment URLs, and makes every link open outside the frame without a referrer.
import DOMPurify from "dompurify";
import { cidKey, resolveCssCids } from "./cid";
import { isRemoteUrl, stripRemoteCss } from "./remoteContent";

export interface SanitizeOptions {
  allowRemote: boolean;
  /** The URL of this message's part with the Content-ID of this key (`cidKey`), or null. */
  cidUrl: (key: string) => string | null;
}

export interface SanitizedMail {
  html: string;
  /** How many remote references were removed (0 when allowRemote). */
  blockedRemote: number;
}

const URL_ATTRIBUTES = ["src", "background", "poster"];

export function sanitizeMailHtml(dirty: string, options: SanitizeOptions): SanitizedMail {
  let blocked = 0;
  const purify = DOMPurify;

  const partUrl = (id: string): string | null => options.cidUrl(cidKey(id));
  const cleanCss = (dirty: string): string => {
    const css = resolveCssCids(dirty, partUrl);
    if (options.allowRemote) return css;
    const result = stripRemoteCss(css);
    blocked += result.removed;
    return result.css;
  };

  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style" && node.textContent) node.textContent = cleanCss(node.textContent);
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (!(node instanceof Element)) return;
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      if (/^\s*cid:/i.test(value)) {
        const url = partUrl(value.trim().slice(4));
        if (url) node.setAttribute(name, url);
        else node.removeAttribute(name);
      } else if (!options.allowRemote && isRemoteUrl(value)) {
        node.removeAttribute(name);
        node.setAttribute(`data-zm-blocked-${name}`, "");
        blocked += 1;
      }
    }
    if (node.hasAttribute("srcset")) {
      if (!options.allowRemote) blocked += 1;
      node.removeAttribute("srcset"); // rarely in mail; not worth resolving candidate by candidate
    }
    const style = node.getAttribute("style");
    if (style) node.setAttribute("style", cleanCss(style));
    if (node.tagName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });

  try {
    const html = purify.sanitize(dirty, {
      WHOLE_DOCUMENT: false,
      // Mail often keeps its <style> in <head>; forcing everything into <body> keeps those styles
      // (this is the FORCE_BODY branch that tools/dompurifyRepair.mjs restores).
      FORCE_BODY: true,
      // Forms are allowed by DOMPurify's defaults but have no place in mail (phishing); script,
      // iframe, object, embed, link, meta and base are not in its allow-list at all.
      FORBID_TAGS: ["form", "input", "button", "textarea", "select", "option"],
      FORBID_ATTR: ["action"],
      ALLOW_DATA_ATTR: false,
      ADD_ATTR: ["target"],
    });
    return { html: String(html), blockedRemote: blocked };
  } finally {
    purify.removeAllHooks();
  }
}
