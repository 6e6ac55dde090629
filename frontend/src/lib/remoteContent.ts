// Recognising and removing remote references (images, CSS) in mail, until the reader allows them.
// Used by the sanitizer only, so it travels in the sanitizer's lazily loaded chunk.

const REMOTE_URL = /^\s*(?:https?:)?\/\//i;

export function isRemoteUrl(url: string): boolean {
  return REMOTE_URL.test(url);
}

/**
 * Removes remote references from CSS text (`url(http…)`, `@import`), returning the cleaned text
 * and how many were removed. Used on <style> elements and style attributes before the reader allows remote content.
 */
export function stripRemoteCss(css: string): { css: string; removed: number } {
  let removed = 0;
  const withoutImports = css.replace(/@import\s+(?:url\()?\s*['"]?[^;]*;?/gi, () => {
    removed += 1;
    return "";
  });
  const cleaned = withoutImports.replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi, (match, _quote: string, url: string) => {
    if (isRemoteUrl(url)) {
      removed += 1;
      return "none";
    }
    return match;
  });
  return { css: cleaned, removed };
}
