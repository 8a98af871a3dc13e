// Telling a Redis that did not answer (down, unreachable, timed out) from one that answered
// with an error: the first makes a service unavailable for a while, the second is a defect.
import { ReplyError } from "ioredis";
import { log } from "../log";

export function isUnreachable(error: unknown): boolean {
  return !(error instanceof ReplyError);
}

/** A `.catch` handler: rethrows as `unavailable()` when Redis did not answer, as is otherwise. */
export function unreachableAs(unavailable: () => Error) {
  return (error: unknown): never => {
    throw isUnreachable(error) ? unavailable() : error;
  };
}

/**
 * Runs an optional Redis operation (a cache's): when it fails, for whatever reason, the
 * failure is logged as `what` unavailable and the caller gets `fallback`, never the error.
 */
export async function orFallback<T>(
  what: string,
  operation: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    log.warn(`${what} unavailable`, { message: (error as Error).message });
    return fallback;
  }
}
