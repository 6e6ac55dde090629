// Issue 25, phone: a finger held still on a row for LONG_PRESS_MS starts selecting; moving, the
// browser's pointercancel (a scroll) or lifting early cancels it; a mouse never long-presses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LONG_PRESS_MS, LongPress } from "../src/lib/longPress";
import type { Scheduler } from "../src/lib/scheduler";

function pressed() {
  let fired = 0;
  const timers: { ms: number; run: () => void; live: boolean }[] = [];
  const scheduler: Scheduler = (ms, run) => {
    const timer = { ms, run, live: true };
    timers.push(timer);
    return () => (timer.live = false);
  };
  const press = new LongPress(() => fired++, scheduler);
  const elapse = () => timers.filter((t) => t.live).forEach((t) => ((t.live = false), t.run()));
  return { press, elapse, fired: () => fired, timers };
}

const finger = (x: number, y: number) => ({ pointerType: "touch", clientX: x, clientY: y });

test("held still for the delay: a long press, and the click after it is not a tap", () => {
  const { press, elapse, fired, timers } = pressed();
  press.down(finger(100, 200));
  assert.equal(timers[0]?.ms, LONG_PRESS_MS);
  press.move(finger(104, 203)); // a finger is never perfectly still
  elapse();
  assert.equal(fired(), 1);
  assert.equal(press.takeFired(), true);
  assert.equal(press.takeFired(), false, "only the one click after it");
});

test("moving, a scroll's pointercancel or lifting early cancels; a tap stays a tap", () => {
  const moved = pressed();
  moved.press.down(finger(100, 200));
  moved.press.move(finger(100, 230));
  moved.elapse();
  assert.equal(moved.fired(), 0);

  const cancelled = pressed();
  cancelled.press.down(finger(100, 200));
  cancelled.press.cancel();
  cancelled.elapse();
  assert.equal(cancelled.fired(), 0);
  assert.equal(cancelled.press.takeFired(), false);
});

test("a mouse held down is a click or the start of a drag, never a long press", () => {
  const { press, elapse, fired } = pressed();
  press.down({ pointerType: "mouse", clientX: 1, clientY: 1 });
  elapse();
  assert.equal(fired(), 0);
  press.down({ pointerType: "pen", clientX: 1, clientY: 1 });
  elapse();
  assert.equal(fired(), 1);
});
