// games-db replication as the stack runs it: reads through the gateway survive a
// replica's death, the replica comes back and catches up, and writes that use
// non-deterministic SQL leave identical data on every node.
import { describe, expect, inject, it } from "vitest";
import { createGame, gamesDbHeaders, statusOf } from "../support/games";
import { api, registerUser } from "../support/gateway";
import { eventually } from "../support/poll";

const nodes = () => inject("gamesDbNodes");

async function waitForConvergence() {
  const [primary, ...replicas] = nodes();
  if (!primary) throw new Error("no primary");
  const target = await statusOf(primary.url);
  return eventually(
    `replicas healthy at TXID ${target.txid}`,
    async () => {
      const statuses = await Promise.all(
        replicas.map((node) => statusOf(node.url).catch(() => undefined)),
      );
      const converged = statuses.every((s) => s?.healthy && s.txid >= target.txid);
      return converged ? { target, statuses } : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

describe("games-db in the stack", () => {
  it("loses no read while a replica is killed, and the replica comes back and catches up", async () => {
    const player = await registerUser("survivor");
    const { body: game } = await createGame(player);
    const replica = nodes().find((node) => node.name === "replica1");
    if (!replica) throw new Error("no replica1");
    const victim = await statusOf(replica.url);

    const statuses: number[] = [];
    let killed = false;
    const worker = async () => {
      for (let i = 0; i < 75; i++) {
        const response = await api("GET", `/games/${game.id}`, { auth: player });
        statuses.push(response.status);
        if (statuses.length === 60 && !killed) {
          killed = true;
          process.kill(victim.pid, "SIGKILL");
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBe(true);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses).toHaveLength(300);

    // Writes while the replica is down or restarting; it must catch up with them.
    for (let i = 0; i < 5; i++) await createGame(player);
    const back = await eventually(
      "the replica restarted and healthy",
      async () => {
        const status = await statusOf(replica.url).catch(() => undefined);
        return status && status.pid !== victim.pid && status.healthy ? status : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(back.role).toBe("replica");
    const { target } = await waitForConvergence();
    const caughtUp = await statusOf(replica.url);
    expect(caughtUp.txid).toBeGreaterThanOrEqual(target.txid);
  });

  it("answers 503 unavailable, never 500, while the primary is down, and serves once it is back", async () => {
    const player = await registerUser("patient");
    const [primary] = nodes();
    if (!primary) throw new Error("no primary");
    const { pid } = await statusOf(primary.url);
    process.kill(pid, "SIGSTOP");
    try {
      const response = await api("POST", "/games", { auth: player });
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.body.error.code).toBe("unavailable");
    } finally {
      process.kill(pid, "SIGCONT");
    }
    const created = await eventually("a game created once the primary is back", async () => {
      const response = await api("POST", "/games", { auth: player });
      return response.status === 201 ? response : undefined;
    });
    expect(created.body.status).toBe("in_progress");
  });

  it("gives identical data on all three nodes for writes using random() and datetime('now')", async () => {
    const [primary] = nodes();
    if (!primary) throw new Error("no primary");
    const migrate = await fetch(`${primary.url}/migrate`, {
      method: "POST",
      headers: gamesDbHeaders(),
      body: JSON.stringify({
        id: "tests/convergence_check",
        statements: [
          {
            sql: `CREATE TABLE convergence_check (
                    id INTEGER PRIMARY KEY, r INTEGER, at TEXT, bytes BLOB, hex TEXT)`,
          },
        ],
      }),
    });
    expect(migrate.status).toBe(200);
    const exec = await fetch(`${primary.url}/exec`, {
      method: "POST",
      headers: gamesDbHeaders(),
      body: JSON.stringify({
        statements: [
          ...Array.from({ length: 20 }, () => ({
            sql: `INSERT INTO convergence_check (r, at, bytes, hex)
                  VALUES (random(), strftime('%Y-%m-%d %H:%M:%f', 'now'), randomblob(16), hex(randomblob(8)))`,
          })),
          { sql: "UPDATE convergence_check SET r = r + abs(random() % 1000) WHERE id % 2 = 0" },
        ],
      }),
    });
    expect(exec.status).toBe(200);
    const { txid } = (await exec.json()) as { txid: number };

    const snapshots = await Promise.all(
      nodes().map(async (node) => {
        const response = await fetch(`${node.url}/query`, {
          method: "POST",
          headers: gamesDbHeaders(),
          body: JSON.stringify({
            sql: "SELECT id, r, at, hex(bytes) AS bytes, hex FROM convergence_check ORDER BY id",
            minTxid: txid,
            waitMs: 5000,
          }),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { rows: unknown[] }).rows;
      }),
    );
    expect(snapshots[0]?.length).toBeGreaterThanOrEqual(20);
    expect(snapshots[1]).toEqual(snapshots[0]);
    expect(snapshots[2]).toEqual(snapshots[0]);

    const { target, statuses } = await waitForConvergence();
    for (const status of statuses) {
      if (status?.txid === target.txid) expect(status.checksum).toBe(target.checksum);
    }
  });
});
