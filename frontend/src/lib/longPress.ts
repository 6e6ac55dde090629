// A long press (a finger held still on a row for LONG_PRESS_MS) as phones' mail apps use it to
// start selecting. Pointer events only; a move beyond a few pixels (the finger scrolls the list), a
// pointercancel (the browser took the touch for scrolling) or lifting the finger earlier cancels it.
// A mouse never long-presses: on a desktop holding the button is the start of a drag or a click.
import { timerScheduler, type Scheduler } from "./scheduler";

export const LONG_PRESS_MS = 500;
/** How far a finger may drift and still be "held still" (CSS pixels). */
const MOVE_TOLERANCE_PX = 10;

export interface PressPoint {
  pointerType: string;
  clientX: number;
  clientY: number;
}

export class LongPress {
  private cancelTimer: (() => void) | null = null;
  private start: PressPoint | null = null;
  /** The last press became a long press: the click the browser sends after it is not a tap. */
  private fired = false;

  constructor(
    private readonly onLongPress: () => void,
    private readonly schedule: Scheduler = timerScheduler,
  ) {}

  down(point: PressPoint): void {
    this.cancel();
    this.fired = false;
    if (point.pointerType === "mouse") return;
    this.start = point;
    this.cancelTimer = this.schedule(LONG_PRESS_MS, () => {
      this.cancelTimer = null;
      this.start = null;
      this.fired = true;
      this.onLongPress();
    });
  }

  move(point: PressPoint): void {
    if (!this.start) return;
    if (Math.hypot(point.clientX - this.start.clientX, point.clientY - this.start.clientY) > MOVE_TOLERANCE_PX) this.cancel();
  }

  /** Finger lifted, pointercancel, or the list scrolled. */
  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.start = null;
  }

  /** Whether the click now arriving ends a long press (and must not open or toggle); asks once. */
  takeFired(): boolean {
    const fired = this.fired;
    this.fired = false;
    return fired;
  }
}
