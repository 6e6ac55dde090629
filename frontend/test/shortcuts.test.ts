// Issue 25: shortcuts work while a Korean input method is on (ㅓ is j), and the ? sheet lists them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { translate } from "../src/lib/i18n";
import { SHORTCUTS, shortcutKey } from "../src/lib/shortcuts";

test("a letter typed through the Korean input method is the letter of its key", () => {
  assert.equal(shortcutKey({ key: "ㅓ", code: "KeyJ" }), "j");
  assert.equal(shortcutKey({ key: "ㅏ", code: "KeyK" }), "k");
  assert.equal(shortcutKey({ key: "ㄱ", code: "KeyR" }), "r");
  assert.equal(shortcutKey({ key: "ㄲ", code: "KeyR", shiftKey: true }), "R", "shift stays a different key");
  assert.equal(shortcutKey({ key: "Process", code: "KeyC" }), "c");
});

test("other keys are what they type: punctuation, named keys, other Latin layouts", () => {
  assert.equal(shortcutKey({ key: "j", code: "KeyJ" }), "j");
  assert.equal(shortcutKey({ key: "?", code: "Slash", shiftKey: true }), "?");
  assert.equal(shortcutKey({ key: "#", code: "Digit3", shiftKey: true }), "#");
  assert.equal(shortcutKey({ key: "Enter", code: "Enter" }), "Enter");
  assert.equal(shortcutKey({ key: "Delete", code: "Delete" }), "Delete");
  // AZERTY: the key labelled "a" sits where QWERTY has q; what it types wins.
  assert.equal(shortcutKey({ key: "a", code: "KeyQ" }), "a");
});

test("the ? sheet names every shortcut in Korean and English", () => {
  const keys = SHORTCUTS.flatMap((s) => s.keys);
  for (const key of ["j", "k", "Enter", "Esc", "c", "r", "a", "f", "#", "Delete", "s", "u", "/", "?"]) assert.ok(keys.includes(key), key);
  for (const { action } of SHORTCUTS) {
    assert.ok(translate("ko", action).length > 0);
    assert.notEqual(translate("ko", action), translate("en", action), action);
  }
});
