// Helpers for the games tests: playing through the gateway, and peeking at a game's
// answer in games-db (the API never reveals it before the end).
import { inject } from "vitest";
import { api, type Credentials } from "./gateway";

export async function createGame(player: Credentials) {
  const response = await api("POST", "/games", { auth: player });
  if (response.status !== 201) throw new Error(`create game: ${response.status}`);
  return response;
}

export function guess(player: Credentials, gameId: string, word: string) {
  return api("POST", `/games/${gameId}/guesses`, { auth: player, body: { guess: word } });
}

/** The headers that let a test talk to the stack's games-db nodes directly: their secret. */
export function gamesDbHeaders(): Record<string, string> {
  const secret = inject("functionEnv").AGORA_GAMES_DB_SECRET;
  if (!secret) throw new Error("the stack has no games-db secret");
  return { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" };
}

/** Asks games-db's primary directly: tests need the answer to win on purpose. */
export async function answerOf(gameId: string): Promise<string> {
  const primary = inject("gamesDbNodes")[0];
  if (!primary) throw new Error("no games-db primary");
  const response = await fetch(`${primary.url}/query`, {
    method: "POST",
    headers: gamesDbHeaders(),
    body: JSON.stringify({ sql: "SELECT answer FROM games WHERE id = ?", params: [gameId] }),
  });
  const { rows } = (await response.json()) as { rows: { answer: string }[] };
  const answer = rows[0]?.answer;
  if (!answer) throw new Error(`no game ${gameId} in games-db`);
  return answer;
}

/** Valid dictionary words that are not `answer`, for guesses meant to miss. */
export function wrongWords(answer: string): string[] {
  return ["crane", "slate", "pious", "light", "dwarf", "gumbo", "nymph"].filter(
    (w) => w !== answer,
  );
}

export async function statusOf(url: string) {
  const response = await fetch(`${url}/status`, { headers: gamesDbHeaders() });
  return (await response.json()) as {
    name: string;
    pid: number;
    role: string;
    txid: number;
    checksum: string;
    healthy: boolean;
  };
}
