// Internal ratings-drainGossip, anti-entropy: sends every digest that has waited longer than
// RATINGS_ANTI_ENTROPY_SECONDS and drains every shard's channel, so values converge without
// traffic. The schedule's finest rate is a minute, so a scheduled run makes a pass every
// period for most of its minute; an invocation by hand makes one pass, sending digests older
// than `olderThanSeconds` (default: the period).
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { config } from "../../lib/config";
import { internalFunction } from "../../lib/internal-function";
import { ratings } from "../../lib/ratings/composition-root";

/** A scheduled run stops making passes this long after it started (the schedule's minute, less a margin). */
const SCHEDULED_RUN_MS = 50_000;

const DrainRequest = z.union([
  z.looseObject({ source: z.literal("aws.events") }),
  z.strictObject({ olderThanSeconds: z.number().int().min(0).max(3600).optional() }),
]);

export const handler = internalFunction(DrainRequest, async (request) => {
  const periodMs = config.RATINGS_ANTI_ENTROPY_SECONDS * 1000;
  if (!("source" in request)) {
    return ratings.antiEntropy((request.olderThanSeconds ?? periodMs / 1000) * 1000);
  }
  if (periodMs === 0) return { passes: 0 };
  const started = Date.now();
  let passes = 0;
  for (;;) {
    await ratings.antiEntropy(periodMs);
    passes++;
    if (Date.now() + periodMs - started > SCHEDULED_RUN_MS) return { passes };
    await sleep(periodMs);
  }
});
