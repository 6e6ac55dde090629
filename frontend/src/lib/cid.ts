// RFC 2392 `cid:` references of an HTML mail, resolved to the URLs of the message's own parts.
// The SPA is the one place that does this (issue 24): it knows the API's base path and builds the
// frame's CSP (img-src: this message's parts only) from the same `api.partsPath`. Tiny: the
// reader imports it directly, the sanitizer's lazily loaded chunk too.

/**
 * The lookup key of a Content-ID header value or of the id in a `cid:` URL: without the header's
 * `<>` and surrounding white space, percent-decoded (ids in URLs are percent-encoded; Korean ids
 * often are), ASCII letters lowercased (as senders and their HTML disagree on case).
 */
export function cidKey(id: string): string {
  let key = id.trim().replace(/^<|>$/g, "").trim();
  if (key.includes("%")) {
    try {
      key = decodeURIComponent(key);
    } catch {
      // a malformed escape: the id as written
    }
  }
  return key.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `url(cid:…)` in CSS text (a table cell's background) pointed at the part, or `none` when no part has that id. */
export function resolveCssCids(css: string, cidUrl: (contentId: string) => string | null): string {
  return css.replace(/url\(\s*(['"]?)\s*cid:([^'")]*)\1\s*\)/gi, (_match, quote: string, id: string) => {
    const url = cidUrl(id);
    return url ? `url(${quote}${url}${quote})` : "none";
  });
}
