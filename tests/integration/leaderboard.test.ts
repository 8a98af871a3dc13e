// The leaderboard through the gateway: finished games report themselves, the top 10
// is ordered by average score, and reportResult is reachable only by Lambda Invoke. The
// stack's Redis requires its password, and comes back by itself when it dies.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { answerOf, createGame, guess, wrongWords } from "../support/games";
import { api, type Credentials, invoke, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

interface Entry {
  rank: number;
  username: string;
  averageScore: number;
  games: number;
}

async function leaderboardEntry(username: string): Promise<Entry | undefined> {
  const response = await api<{ items: Entry[] }>("GET", "/leaderboard");
  return response.status === 200
    ? response.body.items.find((entry) => entry.username === username)
    : undefined;
}

async function winInOneGuess(player: Credentials) {
  const { body: game } = await createGame(player);
  return guess(player, game.id, await answerOf(game.id));
}

describe("GET /leaderboard", () => {
  it("shows finished games by themselves, ranked by average score", async () => {
    const champion = await registerUser("champ");
    await winInOneGuess(champion);
    await winInOneGuess(champion);

    const entry = await eventually("both games on the leaderboard", async () => {
      const found = await leaderboardEntry(champion.username);
      return found?.games === 2 ? found : undefined;
    });
    expect(entry).toMatchObject({ averageScore: 6, games: 2 });

    const response = await api<{ items: Entry[] }>("GET", "/leaderboard");
    expect(response.status).toBe(200);
    const { items } = response.body;
    expect(items.length).toBeLessThanOrEqual(10);
    expect(items.map((item) => item.rank)).toEqual(items.map((_, i) => i + 1));
    const order = [...items].sort(
      (a, b) =>
        b.averageScore - a.averageScore || b.games - a.games || (a.username < b.username ? -1 : 1),
    );
    expect(items).toEqual(order);
  });

  it("counts a loss as 0 in the average", async () => {
    const player = await registerUser("mixed");
    await winInOneGuess(player);
    const { body: game } = await createGame(player);
    const answer = await answerOf(game.id);
    for (const word of wrongWords(answer).slice(0, 6)) await guess(player, game.id, word);

    const outcome = await eventually("the loss counted", async () => {
      // Reporting one of the games again changes nothing and tells us the standing.
      const { result } = await invoke("leaderboard-reportResult", {
        gameId: game.id,
        username: player.username,
        won: false,
        guesses: 6,
      });
      const standing = result as { recorded: boolean; games: number; averageScore: number };
      return standing.games === 2 ? standing : undefined;
    });
    expect(outcome).toMatchObject({ recorded: false, games: 2, averageScore: 3 });
  });
});

describe("leaderboard-reportResult (internal)", () => {
  it("records a result once, however often a game id is reported", async () => {
    const username = (await registerUser("rep")).username;
    const result = { gameId: randomUUID(), username, won: true, guesses: 3 };
    const first = await invoke("leaderboard-reportResult", result);
    expect(first.result).toMatchObject({ recorded: true, games: 1, averageScore: 4 });
    const again = await invoke("leaderboard-reportResult", result);
    expect(again.result).toMatchObject({ recorded: false, games: 1, averageScore: 4 });
  });

  it.each([
    { description: "a loss in fewer than 6 guesses", payload: { won: false, guesses: 3 } },
    { description: "7 guesses", payload: { won: true, guesses: 7 } },
    { description: "no game id", payload: { gameId: undefined } },
  ])("refuses $description", async ({ payload }) => {
    const response = await invoke("leaderboard-reportResult", {
      gameId: randomUUID(),
      username: "someone",
      won: true,
      guesses: 2,
      ...payload,
    });
    expect(response.functionError).toBeDefined();
  });

  it.each([
    ["POST", "/leaderboard"],
    ["POST", "/leaderboard-reportResult"],
    ["POST", "/leaderboard/reportResult"],
    ["POST", "/reportResult"],
  ])("has no HTTP route: %s %s is 404", async (method, path) => {
    const response = await api(method, path, {
      body: { gameId: randomUUID(), username: "x", won: true, guesses: 1 },
    });
    expect(response.status).toBe(404);
  });
});

describe("when the leaderboard is down", () => {
  const redis = new Redis(inject("redisUrl"), {
    password: inject("redisPassword"),
    lazyConnect: true,
  });
  afterAll(async () => {
    await redis.call("CLIENT", "UNPAUSE").catch(() => undefined);
    redis.disconnect();
  });

  it("games still finish at once, and their results arrive once it is back", async () => {
    const player = await registerUser("patient");
    const { body: game } = await createGame(player);
    const answer = await answerOf(game.id);

    // Redis stops answering for longer than the functions' 2 s command timeout.
    const PAUSE_MS = 10_000;
    await redis.call("CLIENT", "PAUSE", String(PAUSE_MS), "ALL");
    const pausedAt = Date.now();
    const won = await guess(player, game.id, answer);
    const answeredWithinPause = Date.now() - pausedAt < PAUSE_MS - 1000;
    expect(won.status).toBe(200);
    expect(won.body.status).toBe("won");
    expect(answeredWithinPause).toBe(true);

    const board = await api("GET", "/leaderboard");
    expect(board.status).toBe(503);
    expect(board.body.error.code).toBe("unavailable");

    await redis.call("CLIENT", "UNPAUSE");
    // The scheduled sweep runs every minute; run it now rather than wait.
    await invoke("games-reportUnreported", {});
    const entry = await eventually("the result on the leaderboard", () =>
      leaderboardEntry(player.username),
    );
    expect(entry).toMatchObject({ games: 1, averageScore: 6 });
  });
});

describe("the stack's Redis", () => {
  const connect = (password?: string) =>
    new Redis(inject("redisUrl"), {
      password,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    }).on("error", () => undefined); // each command's own rejection says it

  it("refuses commands without its password", async () => {
    const anonymous = connect();
    try {
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      anonymous.disconnect();
    }
    const wrong = connect("not-the-password");
    try {
      await expect(wrong.ping()).rejects.toThrow(/WRONGPASS|invalid password/);
    } finally {
      wrong.disconnect();
    }
  });

  it("never shows its password on a command line", async () => {
    const redis = connect(inject("redisPassword"));
    try {
      const pid = processIdOf(await redis.info("server"));
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      expect(commandLine).not.toContain(inject("redisPassword"));
    } finally {
      redis.disconnect();
    }
  });

  it("is restarted on its AOF when it dies: the leaderboard answers 503, then recovers", async () => {
    const username = (await registerUser("survivor")).username;
    const result = { gameId: randomUUID(), username, won: true, guesses: 1 };
    expect((await invoke("leaderboard-reportResult", result)).result).toMatchObject({
      recorded: true,
    });

    const redis = connect(inject("redisPassword"));
    let killed: number;
    try {
      killed = processIdOf(await redis.info("server"));
    } finally {
      redis.disconnect();
    }
    process.kill(killed, "SIGKILL");

    const down = await eventually(
      "a 503 while Redis is down",
      async () => {
        const response = await api("GET", "/leaderboard");
        return response.status === 503 ? response : undefined;
      },
      { intervalMs: 10 },
    );
    expect(down.body.error.code).toBe("unavailable");
    expect(down.headers.get("retry-after")).not.toBeNull();

    await eventually("the leaderboard back", async () => {
      const response = await api("GET", "/leaderboard");
      return response.status === 200 ? response : undefined;
    });
    // The result recorded before the crash is still there (the AOF), and counts once.
    const again = await invoke("leaderboard-reportResult", result);
    expect(again.result).toMatchObject({ recorded: false, games: 1, averageScore: 6 });

    const restarted = connect(inject("redisPassword"));
    try {
      expect(processIdOf(await restarted.info("server"))).not.toBe(killed);
    } finally {
      restarted.disconnect();
    }
  });
});

function processIdOf(serverInfo: string): number {
  const pid = /^process_id:(\d+)/m.exec(serverInfo)?.[1];
  if (pid === undefined) throw new Error("INFO server has no process_id");
  return Number(pid);
}
