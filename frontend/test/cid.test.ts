import assert from "node:assert/strict";
import { test } from "node:test";
import { cidKey, resolveCssCids } from "../src/lib/cid";

test("a Content-ID and the cid: URLs naming it share one key", () => {
  assert.equal(cidKey("<logo@zioinfo>"), "logo@zioinfo");
  assert.equal(cidKey(" LOGO@Zioinfo "), "logo@zioinfo");
  assert.equal(cidKey("<이미지1@지오>"), "이미지1@지오");
  assert.equal(cidKey("%EC%9D%B4%EB%AF%B8%EC%A7%801@%EC%A7%80%EC%98%A4"), "이미지1@지오");
  assert.equal(cidKey("a%20b@x"), "a b@x");
  assert.equal(cidKey("bad%zz@x"), "bad%zz@x");
});

test("url(cid:…) in CSS points at the part, an unknown id at nothing", () => {
  const parts = new Map([["bg@x", "/api/mail/messages/7/attachments/2?folder=INBOX"]]);
  const lookUp = (id: string) => parts.get(cidKey(id)) ?? null;
  assert.equal(
    resolveCssCids(`background:url("cid:BG@x") no-repeat`, lookUp),
    `background:url("/api/mail/messages/7/attachments/2?folder=INBOX") no-repeat`,
  );
  assert.equal(resolveCssCids("background-image:url( cid:other@x )", lookUp), "background-image:none");
  assert.equal(resolveCssCids("color:red", lookUp), "color:red");
});
