// Delayed work that tests can run by hand: the compose form's autosave, a long press.

/** Runs `run` once after `ms`; the answer cancels it. Tests give one they fire by hand. */
export type Scheduler = (ms: number, run: () => void) => () => void;

export const timerScheduler: Scheduler = (ms, run) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};
