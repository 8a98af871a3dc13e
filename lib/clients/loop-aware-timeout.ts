// Timeouts that fail on a dead or hung server, not on a busy event loop. A plain timer counts
// wall-clock time: when the one event loop of a Lambda instance (or of the local gateway,
// which runs many handlers in one process) is saturated, a healthy server's answer can sit
// unread in the socket while the timer expires, and Node runs expired timers before it
// reads sockets. These timers count only the time the loop was free to read an answer:
// - the timeout is made of short ticks; a tick that fired late (the loop was busy) counts
//   its nominal length only, not the extra time it waited;
// - once the time is up, the decision waits for setImmediate, which runs after the loop's
//   next poll for I/O, so an answer already in the socket is read first.
// A server that is down still fails at once (connection refused), and one that hangs fails
// after about `ms` of free loop time.

const TICK_MS = 100;

/** Calls `onTimeout` after `ms` of free event loop time, unless the returned cancel is called first. */
export function loopAwareTimeout(ms: number, onTimeout: () => void): () => void {
  let counted = 0;
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const tick = (delay: number) => {
    const armedAt = performance.now();
    timer = setTimeout(() => {
      counted += Math.min(performance.now() - armedAt, delay);
      if (counted < ms) return tick(Math.min(TICK_MS, ms - counted));
      immediate = setImmediate(() => {
        if (!cancelled) onTimeout();
      });
    }, delay);
    timer.unref?.();
  };
  tick(Math.min(TICK_MS, ms));

  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}

/**
 * Runs `work` with an AbortSignal that aborts after `ms` of free event loop time (see
 * loopAwareTimeout), and stops counting once it settles.
 */
export async function withLoopAwareTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const cancel = loopAwareTimeout(ms, () =>
    controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")),
  );
  try {
    return await work(controller.signal);
  } finally {
    cancel();
  }
}
