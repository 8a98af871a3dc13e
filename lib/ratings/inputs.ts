// Request inputs of the ratings store, shared by the route and the internal function: bad
// input is refused before anything is written.
import * as z from "zod";

/** Entries a clock may have (issue 10). */
export const MAX_CLOCK_ENTRIES = 100;
export const MAX_KEY_BYTES = 256;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const ratingKey = z
  .string()
  .min(1, "must not be empty")
  .refine(
    (key) => Buffer.byteLength(key) <= MAX_KEY_BYTES,
    `must be at most ${MAX_KEY_BYTES} bytes`,
  )
  .refine((key) => !CONTROL_CHARACTER.test(key), "must not contain control characters");

export const ratingValue = z.number().min(0).max(5);

export const vectorClock = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .refine((client) => !CONTROL_CHARACTER.test(client), "must not contain control characters"),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  )
  .refine((clock) => Object.keys(clock).length <= MAX_CLOCK_ENTRIES, {
    message: `must have at most ${MAX_CLOCK_ENTRIES} entries`,
  });

export const ratingWrite = z.strictObject({ rating: ratingValue, clock: vectorClock });
