// The games service (Wordle) through the real gateway, on the real games-db cluster.
import { describe, expect, it } from "vitest";
import { feedback } from "../../lib/games/wordle";
import { answerOf, createGame, guess, wrongWords } from "../support/games";
import { type ApiResponse, api, forgedCursor, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("a game of Wordle", () => {
  it("is created in progress, without its answer, with Location and a read position", async () => {
    const player = await registerUser("gamer");
    const response = await createGame(player);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      status: "in_progress",
      guesses: [],
      guessesRemaining: 6,
      createdAt: expect.any(String),
    });
    expect(response.headers.get("location")).toBe(`/games/${response.body.id}`);
    expect(Number(response.headers.get("x-agora-txid"))).toBeGreaterThan(0);
    expect(response.headers.get("set-cookie")).toMatch(/^__txid=\d+;/);
  });

  it("is won by guessing the answer: feedback per guess, then the answer, then 409", async () => {
    const player = await registerUser("winner");
    const { body: game } = await createGame(player);
    const answer = await answerOf(game.id);
    const [miss] = wrongWords(answer);
    if (!miss) throw new Error("no wrong word");

    const first = await guess(player, game.id, miss.toUpperCase());
    expect(first.status).toBe(200);
    expect(first.body.guesses).toEqual([{ word: miss, letters: feedback(answer, miss) }]);
    expect(first.body.guessesRemaining).toBe(5);
    expect(first.body).not.toHaveProperty("answer");

    const won = await guess(player, game.id, answer);
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: "won", guessesRemaining: 4, answer });
    expect(
      won.body.guesses[1].letters.every((l: { result: string }) => l.result === "correct"),
    ).toBe(true);

    const after = await guess(player, game.id, miss);
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe("conflict");

    const read = await api("GET", `/games/${game.id}`, { auth: player });
    expect(read.body).toMatchObject({ status: "won", answer });
  });

  it("is lost after six wrong guesses, and then shows the answer", async () => {
    const player = await registerUser("loser");
    const { body: game } = await createGame(player);
    const answer = await answerOf(game.id);
    const misses = wrongWords(answer).slice(0, 6);
    let last = game;
    for (const [i, word] of misses.entries()) {
      const response = await guess(player, game.id, word);
      expect(response.status).toBe(200);
      last = response.body;
      if (i < 5) expect(last).not.toHaveProperty("answer");
    }
    expect(last).toMatchObject({ status: "lost", guessesRemaining: 0, answer });
    expect((await guess(player, game.id, answer)).status).toBe(409);
  });

  it("does not count a word outside the dictionary (400 invalid_word)", async () => {
    const player = await registerUser();
    const { body: game } = await createGame(player);
    for (const word of ["zzzzz", "abcde", "cat", "toolongword", "12345"]) {
      const response = await guess(player, game.id, word);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_word");
    }
    const read = await api("GET", `/games/${game.id}`, { auth: player });
    expect(read.body).toMatchObject({ guesses: [], guessesRemaining: 6 });
  });

  it.each([
    { description: "no guess", body: {} },
    { description: "a number", body: { guess: 12345 } },
    { description: "an empty guess", body: { guess: "" } },
    { description: "an extra field", body: { guess: "crane", cheat: true } },
  ])("400 validation_failed for $description", async ({ body }) => {
    const player = await registerUser();
    const { body: game } = await createGame(player);
    const response = await api("POST", `/games/${game.id}/guesses`, { auth: player, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.headers.get("x-agora-txid")).toMatch(/^\d+$/);
  });

  it("belongs to its creator: 403 for others, 404 for unknown ids, 400 for non-UUIDs, 401 anonymous", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    const { body: game } = await createGame(owner);

    const peek = await api("GET", `/games/${game.id}`, { auth: other });
    expect(peek.status).toBe(403);
    expect(peek.body.error.code).toBe("forbidden");
    expect((await guess(other, game.id, "crane")).status).toBe(403);

    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await api("GET", `/games/${unknown}`, { auth: owner })).status).toBe(404);
    expect((await guess(owner, unknown, "crane")).status).toBe(404);
    expect((await api("GET", "/games/not-a-uuid", { auth: owner })).status).toBe(400);

    expect((await api("GET", `/games/${game.id}`)).status).toBe(401);
    expect((await api("POST", "/games")).status).toBe(401);
  });

  it("cannot be created with fields of the caller's choosing (400)", async () => {
    const player = await registerUser();
    const response = await api("POST", "/games", { auth: player, body: { answer: "crane" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect((await api("GET", "/games", { auth: player })).body.items).toEqual([]);
  });

  it("rejects a malformed __txid cookie with a 400 that names the cookie", async () => {
    const player = await registerUser();
    const response = await api("GET", "/games", {
      auth: player,
      headers: { Cookie: "__txid=soon" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      "the __txid cookie must be a transaction id (a non-negative integer)",
    );
  });

  it("rejects a malformed read position with 400", async () => {
    const player = await registerUser();
    const response = await api("GET", "/games", {
      auth: player,
      headers: { "x-agora-txid": "soon" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("bad_request");
  });
});

describe("GET /games", () => {
  it("lists only the caller's games, newest first, by status, page by page", async () => {
    const [player, other] = await Promise.all([registerUser(), registerUser()]);
    await createGame(other);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createGame(player)).body.id);
    const finished = ids[1] ?? "";
    const lastWrite = await guess(player, finished, await answerOf(finished));
    // Present the position of the last write, as a client wanting fresh lists does.
    const fresh = { "x-agora-txid": lastWrite.headers.get("x-agora-txid") ?? "" };

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse<{ items: { id: string }[]; nextCursor: string | null }> = await api(
        "GET",
        `/games?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { auth: player, headers: fresh },
      );
      expect(page.status).toBe(200);
      expect(page.headers.get("x-agora-txid")).toMatch(/^\d+$/);
      seen.push(...page.body.items.map((g: { id: string }) => g.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const won = await api("GET", "/games?status=won", { auth: player, headers: fresh });
    expect(won.body.items.map((g: { id: string }) => g.id)).toEqual([finished]);
    const playing = await api("GET", "/games?status=in_progress", {
      auth: player,
      headers: fresh,
    });
    expect(playing.body.items).toHaveLength(2);
  });

  it.each(["status=paused", "limit=0", "limit=500", "cursor=%%%"])("400 for %s", async (query) => {
    const player = await registerUser();
    const response = await api("GET", `/games?${query}`, { auth: player });
    expect(response.status).toBe(400);
  });

  it.each([
    { description: "a hand-made position", cursor: forgedCursor({ createdAt: "", id: "" }) },
    {
      description: "a hand-made position with a made-up signature",
      cursor: `${forgedCursor({ list: "games/x", position: { createdAt: "", id: "" } })}.AAAA`,
    },
  ])("400 bad_request for a cursor it did not issue: $description", async ({ cursor }) => {
    const player = await registerUser();
    const response = await api("GET", `/games?cursor=${cursor}`, { auth: player });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("bad_request");
  });

  it("400 for a cursor issued to another player's list", async () => {
    const [owner, other] = await Promise.all([registerUser(), registerUser()]);
    for (let i = 0; i < 2; i++) await createGame(owner);
    const page = await eventually("a page with a next cursor", async () => {
      const response = await api("GET", "/games?limit=1", { auth: owner });
      return response.body.nextCursor ? response : undefined;
    });
    const response = await api("GET", `/games?cursor=${page.body.nextCursor}`, { auth: other });
    expect(response.status).toBe(400);
  });
});

describe("read-your-writes", () => {
  it("a write followed at once by reads presenting its position returns the write, every time", async () => {
    const player = await registerUser("ryw");
    const rounds = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const created = await createGame(player);
        const txid = created.headers.get("x-agora-txid") ?? "";
        const reads = await Promise.all(
          Array.from({ length: 5 }, () =>
            api("GET", `/games/${created.body.id}`, {
              auth: player,
              headers: { "x-agora-txid": txid },
            }),
          ),
        );
        const played = await guess(player, created.body.id, "crane");
        const afterGuess = await api("GET", `/games/${created.body.id}`, {
          auth: player,
          headers: { Cookie: `__txid=${played.headers.get("x-agora-txid")}` },
        });
        return { reads, afterGuess };
      }),
    );
    for (const { reads, afterGuess } of rounds) {
      for (const read of reads) expect(read.status).toBe(200);
      expect(afterGuess.body.guesses).toHaveLength(1);
    }
  });

  it("serves a fresh listing to a caller presenting the position of its last write", async () => {
    const player = await registerUser();
    for (let i = 0; i < 5; i++) {
      const created = await createGame(player);
      const list = await api("GET", "/games", {
        auth: player,
        headers: { "x-agora-txid": created.headers.get("x-agora-txid") ?? "" },
      });
      expect(list.body.items).toHaveLength(i + 1);
      expect(Number(list.headers.get("x-agora-txid"))).toBeGreaterThanOrEqual(
        Number(created.headers.get("x-agora-txid")),
      );
    }
  });
});
