// Runs a child process the way a container orchestrator with `restart: always` would:
// when it dies, it is started again after a short pause. Only a crash loop (too many
// deaths in a short window) counts as the component dying.
import { setTimeout as sleep } from "node:timers/promises";
import { type ManagedProcess, type SpawnOptions, spawnManaged } from "./process";

const RESTART_DELAY_MS = 500;
const MAX_RESTARTS = 5;
const WINDOW_MS = 60_000;

export function supervise(options: SpawnOptions): ManagedProcess {
  let current = spawnManaged(options);
  let stopping = false;
  const deaths: number[] = [];

  const exited = new Promise<number | null>((resolve) => {
    const watch = (child: ManagedProcess) => {
      void child.exited.then(async (code) => {
        if (stopping) return;
        const now = Date.now();
        deaths.push(now);
        while (deaths.length > 0 && (deaths[0] ?? now) < now - WINDOW_MS) deaths.shift();
        if (deaths.length > MAX_RESTARTS) {
          options.log(options.name, `exited ${deaths.length} times within a minute; giving up`);
          resolve(code);
          return;
        }
        options.log(options.name, `exited (code ${code}); restarting`);
        await sleep(RESTART_DELAY_MS);
        if (stopping) return;
        current = spawnManaged(options);
        watch(current);
      });
    };
    watch(current);
  });

  return {
    name: options.name,
    get pid() {
      return current.pid;
    },
    exited,
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
}
