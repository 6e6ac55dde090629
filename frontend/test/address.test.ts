import assert from "node:assert/strict";
import { test } from "node:test";
import {
  displayName,
  formatAddress,
  formatAddressList,
  isValidEmail,
  parseAddress,
  parseAddressList,
  splitList,
  splitTyped,
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

test("a pasted list splits into one piece per recipient; quoted commas and angle brackets stay inside", () => {
  const table: [string, string[]][] = [
    ['이름 <a@b.kr>; c@d.kr, "Kim, J" <e@f.com>', ["이름 <a@b.kr>", "c@d.kr", '"Kim, J" <e@f.com>']],
    ['"홍, 길동" <hong@zioinfo.co.kr>;정보화팀 <team@zioinfo.co.kr>', ['"홍, 길동" <hong@zioinfo.co.kr>', "정보화팀 <team@zioinfo.co.kr>"]],
    ["김철수 <kim@example.net>,, ;이상한주소", ["김철수 <kim@example.net>", "이상한주소"]],
    ['"Lee; S" <lee@x.kr>', ['"Lee; S" <lee@x.kr>']],
    ["  ", []],
  ];
  for (const [pasted, pieces] of table) assert.deepEqual(splitList(pasted), pieces, pasted);
  assert.deepEqual(
    parseAddressList('이름 <a@b.kr>; c@d.kr, "Kim, J" <e@f.com>').addresses,
    [{ name: "이름", email: "a@b.kr" }, { name: "", email: "c@d.kr" }, { name: "Kim, J", email: "e@f.com" }],
  );
});

test("typing: the pieces followed by a separator are finished, the rest is still being typed", () => {
  assert.deepEqual(splitTyped("a@b.kr, 홍"), { pieces: ["a@b.kr"], rest: " 홍" });
  assert.deepEqual(splitTyped('"Kim, J'), { pieces: [], rest: '"Kim, J' });
  assert.deepEqual(splitTyped("a@b.kr;"), { pieces: ["a@b.kr"], rest: "" });
});
