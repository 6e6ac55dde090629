import assert from "node:assert/strict";
import { test } from "node:test";
import { linkify } from "../src/lib/linkify";

test("links become http(s)/mailto segments, everything else stays text", () => {
  assert.deepEqual(linkify("보세요: https://zioinfo.co.kr/a?b=1. 문의 info@zioinfo.co.kr"), [
    { kind: "text", text: "보세요: " },
    { kind: "link", text: "https://zioinfo.co.kr/a?b=1", href: "https://zioinfo.co.kr/a?b=1" },
    { kind: "text", text: ". 문의 " },
    { kind: "link", text: "info@zioinfo.co.kr", href: "mailto:info@zioinfo.co.kr" },
  ]);
});

test("javascript: and other schemes are never links", () => {
  assert.deepEqual(linkify("javascript:alert(1) data:text/html,x"), [{ kind: "text", text: "javascript:alert(1) data:text/html,x" }]);
});

test("www. gets https", () => {
  assert.deepEqual(linkify("www.zioinfo.co.kr"), [{ kind: "link", text: "www.zioinfo.co.kr", href: "https://www.zioinfo.co.kr" }]);
});
