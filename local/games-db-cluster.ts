// games-db for the local stack: a primary and two replicas of one SQLite database
// (games-db/server/node.ts), supervised so a killed node comes back and catches up.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_ENV } from "../games-db/protocol/auth";
import { httpAnswers, type LogSink, type ManagedProcess, waitUntilHealthy } from "./process";
import { supervise } from "./supervise";

const NODE_PROGRAM = fileURLToPath(new URL("../games-db/server/node.ts", import.meta.url));
export const GAMES_DB_NODE_NAMES = ["primary", "replica1", "replica2"] as const;

export interface GamesDbNode {
  name: string;
  url: string;
  process: ManagedProcess;
}

/** Starts the three nodes (ports in the order primary, replica1, replica2). */
export async function startGamesDbCluster(options: {
  dataDir: string;
  ports: readonly number[];
  /** Replication latency of replica2, the far-away replica. */
  replica2LatencyMs: number;
  /** The nodes' shared secret, handed over in their environment (a flag would show in `ps`). */
  secret: string;
  log: LogSink;
}): Promise<GamesDbNode[]> {
  const primaryUrl = `http://127.0.0.1:${options.ports[0]}`;
  const nodes: GamesDbNode[] = [];
  try {
    GAMES_DB_NODE_NAMES.forEach((name, i) => {
      const port = options.ports[i];
      if (port === undefined) throw new Error(`no port for games-db ${name}`);
      const dir = join(options.dataDir, "games-db", name);
      mkdirSync(dir, { recursive: true });
      const args = [
        "--import",
        "tsx",
        NODE_PROGRAM,
        "--name",
        name,
        "--port",
        String(port),
        "--dir",
        dir,
      ];
      if (name !== "primary") args.push("--primary-url", primaryUrl);
      if (name === "replica2") args.push("--latency-ms", String(options.replica2LatencyMs));
      const child = supervise({
        name: `games-db ${name}`,
        command: process.execPath,
        args,
        env: { [SECRET_ENV]: options.secret },
        log: options.log,
      });
      nodes.push({ name, url: `http://127.0.0.1:${port}`, process: child });
    });
    await Promise.all(
      nodes.map((node) =>
        waitUntilHealthy(node.process, `games-db ${node.name}`, () =>
          httpAnswers(`${node.url}/health`, (status) => status === 200),
        ),
      ),
    );
    return nodes;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.process.stop()));
    throw error;
  }
}
