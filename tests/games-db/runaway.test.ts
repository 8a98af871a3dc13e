import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../games-db/server/database";
import type { RunningNode } from "../../games-db/server/node";
import { runWrite } from "../../games-db/server/write-transaction";
import {
  createGamesDbClient,
  type GamesDbClient,
  type GamesDbMigrations,
} from "../../lib/games-db/client";
import { eventually } from "../support/poll";
import { Cleanup, post, readStatus, startPrimaryAndReplica, TEST_SECRET } from "./harness";

const LIMIT_MS = 1500;
const RUNAWAY =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

const cleanup = new Cleanup();
let root: string;
let primary: RunningNode;
let replica: RunningNode;
let client: GamesDbClient & GamesDbMigrations;
const events: Record<string, unknown>[] = [];

beforeAll(async () => {
  ({ root, primary, replica, client } = await startPrimaryAndReplica(
    cleanup,
    { readers: 2, statementTimeoutMs: LIMIT_MS },
    ["first"],
    (node) => (event, fields) => events.push({ node, event, ...fields }),
  ));
});

afterAll(() => cleanup.run());

/**
 * Sends a request that runs until the node stops it; once an executor of `kind` is busy with it,
 * reads the node's status and makes the `meanwhile` request. Returns what each answered and
 * whether the runaway was still running when they had.
 */
async function whileRunaway<T>(
  url: string,
  kind: "reader" | "writer",
  runaway: Promise<T>,
  meanwhile: () => Promise<unknown>,
) {
  let finished = false;
  const settled = runaway.finally(() => {
    finished = true;
  });
  const status = await eventually(`a busy ${kind}`, async () => {
    const status = await readStatus(url);
    const busy = status.executors?.some((e) => e.kind === kind && e.busy);
    return busy || finished ? status : undefined;
  });
  const other = await meanwhile();
  const overlapped = !finished;
  return { answer: await settled, status, other, overlapped };
}

async function dump(url: string): Promise<unknown> {
  return (await post(url, "/query", { sql: "SELECT id, body FROM notes ORDER BY id" })).body.rows;
}

describe("a runaway statement", () => {
  it.each([
    ["primary", () => primary.url],
    ["replica", () => replica.url],
  ])(
    "is stopped on the %s after the limit while /status and other reads are served",
    async (_, urlOf) => {
      const url = urlOf();
      const { answer, status, other, overlapped } = await whileRunaway(
        url,
        "reader",
        post(url, "/query", { sql: RUNAWAY }),
        () => post(url, "/query", { sql: "SELECT count(*) AS n FROM notes" }),
      );
      expect(overlapped).toBe(true);
      expect(status.executors?.filter((executor) => executor.busy)).toHaveLength(1);
      expect(other).toMatchObject({ status: 200, body: { rows: [{ n: expect.any(Number) }] } });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: "statement_timeout",
        limitMs: LIMIT_MS,
        message: expect.stringContaining(`${LIMIT_MS} ms`),
      });
      await eventually("a fresh reader in place of the killed one", async () => {
        const { executors } = await readStatus(url);
        return executors?.filter((e) => e.kind === "reader").length === 2 ? true : undefined;
      });
      const read = await post(url, "/query", { sql: "SELECT body FROM notes WHERE id = 1" });
      expect(read.body.rows).toEqual([{ body: "first" }]);
    },
  );

  it("is stopped when it writes, commits nothing, and the primary and its replica carry on", async () => {
    const before = await readStatus(primary.url);
    const rows = await dump(primary.url);
    const { answer, status, overlapped } = await whileRunaway(
      primary.url,
      "writer",
      post(primary.url, "/exec", {
        statements: [
          { sql: "INSERT INTO notes (body) VALUES ('lost with the runaway')" },
          { sql: `UPDATE notes SET body = (${RUNAWAY})` },
        ],
      }),
      async () => undefined,
    );
    expect(overlapped).toBe(true);
    expect(status.executors?.some((e) => e.kind === "writer" && e.busy)).toBe(true);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "statement_timeout",
      message: expect.stringContaining("nothing of it was committed"),
    });
    expect((await readStatus(primary.url)).txid).toBe(before.txid);
    expect(await dump(primary.url)).toEqual(rows);

    const { txid } = await client.exec([{ sql: "INSERT INTO notes (body) VALUES ('after')" }]);
    expect(txid).toBe(before.txid + 1);
    const read = await client.query("SELECT body FROM notes ORDER BY id DESC LIMIT 1", [], {
      minTxid: txid,
    });
    expect(read.rows).toEqual([{ body: "after" }]);
    await eventually("the replica at the primary's position", async () =>
      (await readStatus(replica.url)).txid === txid ? true : undefined,
    );
    expect(await dump(replica.url)).toEqual(await dump(primary.url));
  });

  it("is refused on the client at once: not retried on other nodes, no node marked failed", async () => {
    // Statuses read once only: a node marked failed would stay out of every read below.
    const reads = createGamesDbClient({
      nodes: [replica.url, primary.url],
      secret: TEST_SECRET,
      healthTtlMs: 600_000,
    });
    const timeoutsBefore = events.filter((e) => e.event === "statement_timeout").length;
    await expect(reads.query(RUNAWAY)).rejects.toMatchObject({ code: "statement_timeout" });
    expect(events.filter((e) => e.event === "statement_timeout")).toHaveLength(timeoutsBefore + 1);
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) served.add((await reads.query("SELECT 1 AS one")).node);
    expect(served).toEqual(new Set([replica.url, primary.url]));
  });
});

describe("a writer that dies", () => {
  it("leaves nothing it committed unstreamed: the primary reads its position back", async () => {
    const before = await eventually("both writers started", async () => {
      const status = await readStatus(primary.url);
      return status.executors?.filter((e) => e.kind === "writer").length === 2 ? status : undefined;
    });
    // What a writer killed right after its COMMIT leaves behind: a committed transaction the
    // node was not told about.
    const db = openDatabase(join(root, "primary", "games.db"), "primary");
    try {
      const statements = [
        { sql: "INSERT INTO notes (body) VALUES ('committed as the writer died')" },
      ];
      db.transaction(() => runWrite(db, { statements }, 10_000)).immediate();
    } finally {
      db.close();
    }
    const writer = before.executors?.find((executor) => executor.kind === "writer");
    if (writer === undefined) throw new Error("no writer in the primary's status");
    process.kill(writer.pid, "SIGKILL");

    await eventually("the primary at the committed position", async () =>
      (await readStatus(primary.url)).txid === before.txid + 1 ? true : undefined,
    );
    const read = await client.query("SELECT body FROM notes ORDER BY id DESC LIMIT 1", [], {
      minTxid: before.txid + 1,
    });
    expect(read.rows).toEqual([{ body: "committed as the writer died" }]);
    await eventually("the replica at the same position", async () =>
      (await readStatus(replica.url)).txid === before.txid + 1 ? true : undefined,
    );
    expect(await dump(replica.url)).toEqual(await dump(primary.url));
    const { txid } = await client.exec([{ sql: "INSERT INTO notes (body) VALUES ('next')" }]);
    expect(txid).toBe(before.txid + 2);
  });
});
