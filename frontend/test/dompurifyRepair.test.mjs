// Runs directly under node --test (the repair is build tooling, plain ESM).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { repairDomPurify, DomPurifyRepairError } from "../tools/dompurifyRepair.mjs";

const DEBIAN = "/usr/share/nodejs/dompurify/dist/purify.js";
// The ES build is the one the app bundles (build.mjs prefers "module").
const DEBIAN_ES = "/usr/share/nodejs/dompurify/dist/purify.es.js";

for (const file of [DEBIAN, DEBIAN_ES]) {
  test(`the Debian build is repaired: sanitize() no longer refers to shadowNode (${file})`, () => {
    const repaired = repairDomPurify(readFileSync(file, "utf8"));
    const sanitize = repaired.slice(repaired.indexOf("DOMPurify.sanitize = function"), repaired.indexOf("DOMPurify.setConfig"));
    assert.doesNotMatch(sanitize, /shadowNode/);
    assert.match(sanitize, /if \(body && FORCE_BODY\) \{\s*_forceRemove\(body\.firstChild\);/);
    assert.match(repaired, /if \(shadowNode\.__depth >= MAX_NESTING_DEPTH \|\| numberIsNaN\(shadowNode\.__depth\)\) \{\s*_forceRemove\(shadowNode\);/);
  });
}

test("a repaired file passes unchanged; unknown layouts are refused", () => {
  const repaired = repairDomPurify(readFileSync(DEBIAN, "utf8"));
  assert.equal(repairDomPurify(repaired), repaired);
  assert.throws(() => repairDomPurify("DOMPurify.sanitize = function () {}; DOMPurify.setConfig"), (e) => e instanceof DomPurifyRepairError);
});
