// The games-db client against scripted nodes: it sends the secret on every request, gives up at
// once on a statement that ran out of time, and tells a busy node from a failed one.
import { describe, expect, it } from "vitest";
import { createGamesDbClient, GamesDbUnavailable } from "../../../lib/games-db/client";

const SECRET = "client-test-secret";
const PRIMARY = "http://primary";
const REPLICA = "http://replica";

type Answer = { status: number; body: unknown };

/** Nodes that answer /status as themselves and every other request with `answer(url)`. */
function scriptedNodes(answer: (url: string) => Answer) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    const node = new URL(url).origin;
    const { status, body } = url.endsWith("/status")
      ? {
          status: 200,
          body: {
            name: node,
            role: node === PRIMARY ? "primary" : "replica",
            txid: 1,
            checksum: "0000000000000001",
            primary: null,
            connected: true,
            lag: 0,
            healthy: true,
          },
        }
      : answer(url);
    return new Response(JSON.stringify(body), { status });
  };
  const client = createGamesDbClient({
    nodes: [PRIMARY, REPLICA],
    secret: SECRET,
    healthTtlMs: 600_000,
    fetch,
  });
  return { client, calls };
}

const error = (code: string, status: number): Answer => ({
  status,
  body: { error: { code, message: `${code} here` } },
});

describe("the games-db client", () => {
  it("sends the secret on every request, /status included", async () => {
    const { client, calls } = scriptedNodes((url) =>
      url.endsWith("/exec")
        ? { status: 200, body: { txid: 2, results: [{ changes: 1, lastInsertRowid: 1 }] } }
        : url.endsWith("/migrate")
          ? { status: 200, body: { id: "m", applied: true, txid: 3 } }
          : { status: 200, body: { rows: [], txid: 3 } },
    );
    await client.exec([{ sql: "INSERT INTO t VALUES (1)" }]);
    await client.migrate({ id: "m", statements: [{ sql: "CREATE TABLE t (v)" }] });
    await client.query("SELECT 1");
    expect(calls.map((call) => new URL(call.url).pathname)).toEqual(
      expect.arrayContaining(["/status", "/exec", "/migrate", "/query"]),
    );
    for (const call of calls) expect(call.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("gives up at once on a read that ran out of time, and marks no node failed", async () => {
    let timeouts = 1;
    const { client, calls } = scriptedNodes(() =>
      timeouts-- > 0
        ? error("statement_timeout", 400)
        : { status: 200, body: { rows: [], txid: 1 } },
    );
    await expect(client.query("SELECT forever")).rejects.toMatchObject({
      code: "statement_timeout",
    });
    expect(calls.filter((call) => call.url.endsWith("/query"))).toHaveLength(1);
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) served.add((await client.query("SELECT 1")).node);
    expect(served).toEqual(new Set([PRIMARY, REPLICA]));
  });

  it("moves a read from a busy node to the next, and keeps reading from both after", async () => {
    let busy = 1;
    const { client } = scriptedNodes((url) =>
      url.startsWith(PRIMARY) && busy-- > 0
        ? error("busy", 503)
        : { status: 200, body: { rows: [], txid: 1 } },
    );
    expect((await client.query("SELECT 1")).node).toBe(REPLICA);
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) served.add((await client.query("SELECT 1")).node);
    expect(served).toEqual(new Set([PRIMARY, REPLICA]));
  });

  it("reports a write refused by a busy primary as unavailable: nothing was applied", async () => {
    const { client } = scriptedNodes(() => error("busy", 503));
    await expect(client.exec([{ sql: "INSERT INTO t VALUES (1)" }])).rejects.toBeInstanceOf(
      GamesDbUnavailable,
    );
  });

  it("throws a refused schema change as the node's error", async () => {
    const { client } = scriptedNodes(() => error("schema_change_refused", 403));
    await expect(client.exec([{ sql: "DROP TABLE t" }])).rejects.toMatchObject({
      code: "schema_change_refused",
    });
  });
});
