// The games store against a real games-db primary of its own, without the gateway.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "../../games-db/server/node";
import { GamesUnavailable } from "../../lib/games/errors";
import { createGamesDbStore } from "../../lib/games/games-db-store";
import { migrateGamesSchema } from "../../lib/games/schema";
import type { GamesStore, StoredGame } from "../../lib/games/store";
import { applyGuess, newGame } from "../../lib/games/wordle";
import { createGamesDbClient } from "../../lib/games-db/client";

const SECRET = "games-store-test-secret";

let dir: string;
let primary: RunningNode | undefined;
let store: GamesStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "agora-games-store-"));
  primary = await startNode({
    name: "primary",
    port: 0,
    dir,
    readers: 1,
    secret: SECRET,
    log: () => undefined,
  });
  const gamesDb = createGamesDbClient({ nodes: [primary.url], secret: SECRET });
  await migrateGamesSchema(gamesDb);
  store = createGamesDbStore(gamesDb);
});

afterAll(async () => {
  await primary?.close();
  rmSync(dir, { recursive: true, force: true });
});

function game(username: string, createdAt = new Date().toISOString()): StoredGame {
  return { ...newGame("crane"), id: randomUUID(), username, createdAt, finishedAt: null };
}

describe("games store", () => {
  it("creates a game and reads it back, at or after the TXID of the write", async () => {
    const created = game("alice");
    const txid = await store.create(created);
    const read = await store.get(created.id, txid);
    expect(read.value).toEqual(created);
    expect(read.txid).toBeGreaterThanOrEqual(txid);
    expect((await store.get(randomUUID())).value).toBeUndefined();
  });

  it("saves a guess only over the guess count it read: a stale write does not apply", async () => {
    const created = game("bob");
    await store.create(created);
    const next = { ...created, ...applyGuess(created, "slate") };
    expect((await store.saveGuess(next, 0)).applied).toBe(true);
    expect((await store.saveGuess(next, 0)).applied).toBe(false);
    expect((await store.getLatest(created.id)).value?.guesses.map((g) => g.word)).toEqual([
      "slate",
    ]);
  });

  it("lists a player's games newest first, by status, page by page", async () => {
    const player = `p_${randomUUID().slice(0, 8)}`;
    const games = [0, 1, 2].map((i) => game(player, `2026-01-0${i + 1}T00:00:00.000Z`));
    for (const g of games) await store.create(g);
    const won = { ...games[1], ...applyGuess(games[1] as StoredGame, "crane") } as StoredGame;
    await store.saveGuess({ ...won, finishedAt: new Date().toISOString() }, 0);

    const first = await store.listByPlayer({ username: player, limit: 2 });
    expect(first.value.games.map((g) => g.id)).toEqual([games[2]?.id, games[1]?.id]);
    const rest = await store.listByPlayer({ username: player, limit: 2, after: first.value.last });
    expect(rest.value.games.map((g) => g.id)).toEqual([games[0]?.id]);
    expect(rest.value.last).toBeUndefined();
    const wins = await store.listByPlayer({ username: player, status: "won", limit: 10 });
    expect(wins.value.games.map((g) => g.id)).toEqual([games[1]?.id]);
  });

  it("keeps finished games unreported until marked", async () => {
    const finished = game("carol");
    await store.create(finished);
    const won = { ...finished, ...applyGuess(finished, "crane") };
    await store.saveGuess({ ...won, finishedAt: new Date().toISOString() }, 0);
    expect((await store.unreported(100)).map((g) => g.id)).toContain(finished.id);
    await store.markReported(finished.id);
    expect((await store.unreported(100)).map((g) => g.id)).not.toContain(finished.id);
  });

  it("reports GamesUnavailable when no node answers", async () => {
    const nowhere = createGamesDbStore(
      createGamesDbClient({
        nodes: ["http://127.0.0.1:9"],
        requestTimeoutMs: 500,
        secret: SECRET,
      }),
    );
    await expect(nowhere.get(randomUUID())).rejects.toThrow(GamesUnavailable);
    await expect(nowhere.create(game("dave"))).rejects.toThrow(GamesUnavailable);
  });
});
