// Runs directly under node --test (the rewrite is build tooling, plain ESM).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { REACT_INTERNAL_PROPS, ReactEsmError, checkNoInternalNames, reactAsEsm } from "../tools/reactEsm.mjs";

const REACT_DOM = "/usr/share/nodejs/react-dom/cjs/react-dom.production.min.js";

test("Debian's react-dom becomes an ES module: imports for its requires, one export list, no CommonJS left", () => {
  const esm = reactAsEsm(readFileSync(REACT_DOM, "utf8"), REACT_DOM);
  assert.match(esm, /^import \* as React from 'react';$/m);
  assert.match(esm, /^import \* as Scheduler from 'scheduler';$/m);
  assert.match(esm, /\nexport \{ [^}]*\bcreateRoot\b[^}]*\};\n$/);
  assert.doesNotMatch(esm, /\brequire\(|\bexports\./);
});

test("an unknown layout or require is refused, not bundled half-converted", () => {
  assert.throws(() => reactAsEsm("module.exports = {};\n", "x.js"), (e) => e instanceof ReactEsmError);
  assert.throws(() => reactAsEsm("var X = require('left-pad');\nexports.a = a;\n", "x.js"), /unexpected require/);
});

test("React-internal field names: mangled only when nobody refers to them by a quoted name", () => {
  assert.ok(REACT_INTERNAL_PROPS.test("memoizedState"));
  assert.ok(!REACT_INTERNAL_PROPS.test("memoizedStateX"));
  assert.throws(() => reactAsEsm("const a = x['memoizedState'];\nexports.a = a;\n", "x.js"), /quoted name/);
  assert.doesNotThrow(() => reactAsEsm("// the \"lanes\" of a fiber\nconst a = x.lanes;\nexports.a = a;\n", "x.js"));
  assert.throws(() => checkNoInternalNames("const n = message.sibling;", "src/a.ts"), /sibling/);
  assert.doesNotThrow(() => checkNoInternalNames("const n = element.nextSibling;", "src/a.ts"));
});
