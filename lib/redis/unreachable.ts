// Telling a Redis that did not answer (down, unreachable, timed out) from one that answered
// with an error: the first makes a service unavailable for a while, the second is a defect.
import { ReplyError } from "ioredis";

export function isUnreachable(error: unknown): boolean {
  return !(error instanceof ReplyError);
}

/** A `.catch` handler: rethrows as `unavailable()` when Redis did not answer, as is otherwise. */
export function unreachableAs(unavailable: () => Error) {
  return (error: unknown): never => {
    throw isUnreachable(error) ? unavailable() : error;
  };
}
