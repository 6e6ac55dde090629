import assert from "node:assert/strict";
import { test } from "node:test";
import { isRemoteUrl, stripRemoteCss } from "../src/lib/remoteContent";
import { buildFrameCsp, buildSrcdoc, FRAME_SANDBOX } from "../src/lib/srcdoc";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

test("the frame CSP allows no script and, by default, nothing remote", () => {
  const csp = directives(buildFrameCsp({ allowRemote: false }));
  assert.equal(csp.get("default-src"), "'none'");
  assert.equal(csp.get("script-src"), "'none'");
  assert.equal(csp.get("object-src"), "'none'");
  assert.equal(csp.get("form-action"), "'none'");
  assert.equal(csp.get("img-src"), "data: cid:");
  assert.equal(csp.get("style-src"), "'unsafe-inline'");
  for (const value of csp.values()) assert.doesNotMatch(value, /https?:|\*/);
});

test("our origin's images only under this message's own parts, never 'self'", () => {
  const parts = "https://mail.zioinfo.co.kr/api/mail/messages/7/attachments/";
  const csp = directives(buildFrameCsp({ allowRemote: false, inlineParts: parts }));
  assert.equal(csp.get("img-src"), `${parts} data: cid:`);
  for (const value of csp.values()) assert.doesNotMatch(value, /'self'/);
  const remote = directives(buildFrameCsp({ allowRemote: true, inlineParts: parts }));
  assert.equal(remote.get("img-src"), `${parts} data: cid: https: http:`);
});

test("a parts URL that could add sources or directives is dropped", () => {
  for (const bad of [
    "https://x/api/mail/messages/7/attachments/; img-src *",
    "https://x/ https://evil/attachments/",
    "javascript:alert(1)//attachments/",
    "https://x/api/mail/messages/7/attachments",
  ]) {
    assert.equal(directives(buildFrameCsp({ allowRemote: false, inlineParts: bad })).get("img-src"), "data: cid:", bad);
  }
});

test("allowing remote content opens images, styles and fonts only", () => {
  const csp = directives(buildFrameCsp({ allowRemote: true }));
  assert.equal(csp.get("script-src"), "'none'");
  assert.match(csp.get("img-src") ?? "", /https: http:/);
  assert.match(csp.get("style-src") ?? "", /https: http:/);
  assert.equal(csp.get("connect-src"), "'none'");
});

test("the srcdoc carries the CSP meta before the body", () => {
  const doc = buildSrcdoc("<p>안녕하세요</p>", { allowRemote: false });
  const meta = doc.indexOf('http-equiv="Content-Security-Policy"');
  assert.ok(meta > 0 && meta < doc.indexOf("<body>"));
  assert.match(doc, /<meta charset="utf-8">/);
  assert.match(doc, /<meta name="referrer" content="no-referrer">/);
  assert.match(doc, /<body><p>안녕하세요<\/p><\/body>/);
  assert.match(doc, /content="default-src &#39;none&#39;|content="default-src 'none'/);
});

test("the sandbox never allows scripts", () => {
  assert.doesNotMatch(FRAME_SANDBOX, /allow-scripts/);
  assert.match(FRAME_SANDBOX, /allow-same-origin/);
});

test("remote URLs", () => {
  assert.ok(isRemoteUrl("http://x.kr/a.png"));
  assert.ok(isRemoteUrl(" HTTPS://x.kr/a.png"));
  assert.ok(isRemoteUrl("//x.kr/a.png"));
  assert.ok(!isRemoteUrl("cid:logo@x"));
  assert.ok(!isRemoteUrl("data:image/png;base64,AAA"));
  assert.ok(!isRemoteUrl("/api/mail/messages/1/attachments/2?folder=INBOX"));
});

test("remote CSS references are stripped and counted", () => {
  const { css, removed } = stripRemoteCss(
    "@import url(http://evil.kr/a.css); body{background:url('https://t.kr/px.gif')} .x{background:url(data:image/png;base64,AA)}",
  );
  assert.equal(removed, 2);
  assert.doesNotMatch(css, /evil|t\.kr/);
  assert.match(css, /data:image\/png/);
});
