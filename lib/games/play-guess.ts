// Playing one guess: a read-modify-write of the game on the primary, retried when another
// guess on the same game wins the race. A guess that ends the game asks for its result to
// be reported to the leaderboard.

import { GameBusy } from "./errors";
import { ownedGame } from "./game-view";
import type { ReadPosition } from "./read-your-writes";
import { requestReport } from "./result-reporting";
import type { GamesStore, StoredGame } from "./store";
import { applyGuess } from "./wordle";

/** Attempts before giving up when other guesses on the same game keep winning the race. */
const ATTEMPTS = 3;

/**
 * Plays `guess` on the player's game and returns the game after it. Throws GameNotFound,
 * NotYourGame, InvalidWord (not counted), GameOver, or GameBusy after repeated races.
 */
export async function playGuess(
  store: GamesStore,
  play: { gameId: string; username: string; guess: string; position: ReadPosition },
): Promise<StoredGame> {
  const { gameId, username, guess, position } = play;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const read = await store.getLatest(gameId);
    position.observe(read.txid);
    const game = ownedGame(read.value, gameId, username);
    const next = withGuess(game, guess);
    const saved = await store.saveGuess(next, game.guesses.length);
    if (saved.applied) {
      position.wrote(saved.txid);
      if (next.status !== "in_progress") await requestReport(next.id);
      return next;
    }
    position.observe(saved.txid);
  }
  throw new GameBusy();
}

function withGuess(game: StoredGame, guess: string): StoredGame {
  const next = applyGuess(game, guess);
  const finishedAt = next.status === "in_progress" ? null : new Date().toISOString();
  return { ...game, ...next, finishedAt };
}
