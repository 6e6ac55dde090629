import assert from "node:assert/strict";
import { test } from "node:test";
import {
  completeLastToken,
  displayName,
  formatAddress,
  formatAddressList,
  isValidEmail,
  lastToken,
  parseAddress,
  parseAddressList,
} from "../src/lib/address";

test("valid and invalid addresses", () => {
  assert.ok(isValidEmail("ythong@zioinfo.co.kr"));
  assert.ok(isValidEmail("a.b+tag@mail.example.com"));
  for (const bad of ["", "info", "info@", "@zioinfo.co.kr", "a b@c.kr", "a@b", "a@@b.kr", "a..b@c.kr", "a@b.k"]) {
    assert.ok(!isValidEmail(bad), bad);
  }
});

test("parses a typed list with names, quotes, semicolons and duplicates", () => {
  const parsed = parseAddressList('홍길동 <hong@zioinfo.co.kr>, info@zioinfo.co.kr; "Kim, Minsu" <kim@x.kr>, INFO@zioinfo.co.kr, nonsense');
  assert.deepEqual(parsed.addresses, [
    { name: "홍길동", email: "hong@zioinfo.co.kr" },
    { name: "", email: "info@zioinfo.co.kr" },
    { name: "Kim, Minsu", email: "kim@x.kr" },
  ]);
  assert.deepEqual(parsed.invalid, ["nonsense"]);
});

test("an empty field parses to nothing, a trailing comma is fine", () => {
  assert.deepEqual(parseAddressList("  "), { addresses: [], invalid: [] });
  assert.deepEqual(parseAddressList("info@zioinfo.co.kr, ").addresses, [{ name: "", email: "info@zioinfo.co.kr" }]);
});

test("CR/LF in an address is refused", () => {
  assert.equal(parseAddress("x <a@b.kr>\r\nBcc: evil@x.kr"), null);
  assert.equal(parseAddress("a@b.kr\nBcc: evil@x.kr"), null);
});

test("formats for fields and display", () => {
  assert.equal(formatAddress({ name: "홍길동", email: "hong@zioinfo.co.kr" }), "홍길동 <hong@zioinfo.co.kr>");
  assert.equal(formatAddress({ name: "", email: "info@zioinfo.co.kr" }), "info@zioinfo.co.kr");
  assert.equal(formatAddress({ name: "Kim, Minsu", email: "kim@x.kr" }), '"Kim, Minsu" <kim@x.kr>');
  assert.equal(formatAddressList([{ name: "A", email: "a@b.kr" }, { name: "", email: "c@d.kr" }]), "A <a@b.kr>, c@d.kr");
  assert.equal(displayName({ name: "", email: "c@d.kr" }), "c@d.kr");
  assert.equal(displayName({ name: "지오", email: "c@d.kr" }), "지오");
  // round trip
  const list = [{ name: "Kim, Minsu", email: "kim@x.kr" }, { name: "홍길동", email: "hong@zioinfo.co.kr" }];
  assert.deepEqual(parseAddressList(formatAddressList(list)).addresses, list);
});

test("suggestion completion replaces the last piece", () => {
  assert.equal(lastToken("a@b.kr, 홍"), "홍");
  assert.equal(completeLastToken("a@b.kr, 홍", { name: "홍길동", email: "hong@zioinfo.co.kr" }), "a@b.kr, 홍길동 <hong@zioinfo.co.kr>, ");
  assert.equal(completeLastToken("in", { name: "", email: "info@zioinfo.co.kr" }), "info@zioinfo.co.kr, ");
});
