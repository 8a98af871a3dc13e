// The ratings store in `npm run load`: rate a tea as a client keeping its own vector clock
// would (read the value, merge the clocks it saw, bump its own counter, write), then read it
// strongly (the primary shard) and weakly (any shard, maybe stale).
import * as z from "zod";
import type { ScenarioSteps } from "./scenario";

/** Keys shared by every virtual user, so writes meet concurrent ones and merge. */
const TEAS = 1000;

const RatingValue = z.object({
  rating: z.number(),
  choices: z.array(z.number()),
  clocks: z.array(z.record(z.string(), z.number())),
});

/** The least clock later than every clock in `clocks`, with `clientId`'s counter bumped. */
function nextClock(clocks: Record<string, number>[], clientId: string): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const clock of clocks) {
    for (const [id, counter] of Object.entries(clock)) {
      merged[id] = Math.max(merged[id] ?? 0, counter);
    }
  }
  merged[clientId] = (merged[clientId] ?? 0) + 1;
  return merged;
}

export const ratingsSteps: ScenarioSteps = {
  service: "ratings",
  async run(user, client) {
    const tea = `load-tea-${Math.floor(Math.random() * TEAS)}`;
    const read = RatingValue.safeParse(await client.call("GET /rating/{key}", `/rating/${tea}`));
    if (!read.success) return;
    await client.think();
    await client.call("PUT /rating/{key}", `/rating/${tea}`, {
      body: {
        rating: 1 + Math.floor(Math.random() * 5),
        clock: nextClock(read.data.clocks, user.username),
      },
    });
    await client.think();
    await client.call("GET /rating/{key}?consistency=weak", `/rating/${tea}?consistency=weak`);
    await client.think();
  },
};
