// Warm-up invocations. `npm start` invokes every function once with WARM_UP_EVENT before it
// says the stack is running: a function that answers has loaded its configuration and its
// clients, so it can serve. Every pipeline answers the event at once, doing no work: HTTP
// routes (lib/http/route.ts), internal functions (lib/internal-function.ts) and the
// authorizer. A scheduled warmer in AWS could send the same event.

export const WARM_UP_EVENT = { agoraWarmUp: true } as const;

/** What a function answers to a warm-up (an HTTP route, as the body of a 200). */
export const WARMED_UP = { warm: true } as const;
export type WarmedUp = typeof WARMED_UP;

export function isWarmUp(event: unknown): boolean {
  return (
    typeof event === "object" &&
    event !== null &&
    "agoraWarmUp" in event &&
    event.agoraWarmUp === true
  );
}
