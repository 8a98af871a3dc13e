// The one way to write an internal function (reached by Lambda Invoke, never by HTTP): the
// event is parsed with zod, and a malformed one is refused with InvalidEvent, naming the
// fields, before any work. The function's return value is the invocation's result. A
// warm-up invocation (lib/warm-up.ts) is answered at once.
import * as z from "zod";
import { InvalidRequest } from "./domain-errors";
import { isWarmUp, WARMED_UP, type WarmedUp } from "./warm-up";

export class InvalidEvent extends InvalidRequest {
  constructor(error: z.ZodError) {
    super(`the event is not valid: ${z.prettifyError(error)}`, "validation_failed");
  }
}

export function internalFunction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
): (event: unknown) => Promise<R | WarmedUp> {
  return async (event) => {
    if (isWarmUp(event)) return WARMED_UP;
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new InvalidEvent(parsed.error);
    return run(parsed.data);
  };
}
