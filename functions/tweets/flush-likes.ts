// Internal tweets-flushLikes, run every minute: writes every tweet's buffered likes whose
// oldest like is older than `olderThanSeconds` (60 unless the event says otherwise).
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { requestLogStore } from "../../lib/request-log/composition-root";
import { tally } from "../../lib/request-log/tally";
import { likeBatcher } from "../../lib/tweets/composition-root";

const FlushLikes = z.object({
  olderThanSeconds: z.number().int().min(0).max(3600).default(60),
});

export const handler = internalFunction(FlushLikes, async ({ olderThanSeconds }) => {
  const flushed = await likeBatcher.flushWaiting(olderThanSeconds * 1000);
  await requestLogStore.addCounts(tally.drain());
  return flushed;
});
