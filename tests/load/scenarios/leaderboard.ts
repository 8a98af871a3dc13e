// The leaderboard in `npm run load`: read the top ten (public, from Redis).
import type { ScenarioSteps } from "./scenario";

export const leaderboardSteps: ScenarioSteps = {
  service: "leaderboard",
  async run(_user, client) {
    await client.call("GET /leaderboard", "/leaderboard");
    await client.think();
  },
};
