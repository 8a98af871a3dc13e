// The games service in `npm run load`: start a Wordle game and play it to the end, reading
// the game after each guess (the client sends back the write's TXID, as a client keeping
// read-your-writes does), then list one's games.
import * as z from "zod";
import type { ScenarioSteps } from "./scenario";

/** Dictionary words, played in turn until the game is won or lost. */
const GUESSES = ["crane", "slate", "pious", "light", "dwarf", "gumbo", "nymph"];

const Game = z.object({ id: z.string(), status: z.string() });

export const gamesSteps: ScenarioSteps = {
  service: "games",
  async run(user, client) {
    const created = Game.safeParse(
      await client.call("POST /games", "/games", { user, body: {}, expect: [201] }),
    );
    if (!created.success) return;
    await client.think();
    let game = created.data;
    for (const word of GUESSES) {
      if (game.status !== "in_progress") break;
      const guessed = Game.safeParse(
        await client.call("POST /games/{id}/guesses", `/games/${game.id}/guesses`, {
          user,
          body: { guess: word },
        }),
      );
      if (!guessed.success) return;
      game = guessed.data;
      await client.call("GET /games/{id}", `/games/${game.id}`, { user });
      await client.think();
    }
    await client.call("GET /games", "/games", { user });
    await client.think();
  },
};
