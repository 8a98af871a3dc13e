// `npm start` itself, run as a developer runs it: it never breaks a running stack, it says
// "running" only when the functions can serve, and Ctrl-C stops everything quietly.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "../../local/process";
import {
  freshStartSettings,
  type NpmStart,
  npmStart,
  type StartSettings,
  stopEveryStart,
} from "../support/npm-start";
import { eventually } from "../support/poll";
import { processAndDescendants } from "../support/process-tree";

// A start that should have been refused but ran is stopped here, even after a timeout.
afterAll(stopEveryStart);

/** What the script printed, without npm's own lines. */
function scriptOutput(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith(">"));
}

/** Runs a start that must be refused; returns its exit code and what it printed. */
async function refusedStart(env: Record<string, string>) {
  const began = performance.now();
  const second = npmStart(env);
  const code = await second.exited;
  console.info(`the refused start exited in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return { code, lines: scriptOutput(second.output) };
}

describe("a running stack", () => {
  let settings: StartSettings;
  let first: NpmStart;
  let pids: Map<string, number>;
  let gatewayUrl: string;
  const username = `keeper_${process.pid}`;

  beforeAll(async () => {
    settings = await freshStartSettings();
    first = npmStart(settings.env);
    pids = await first.running();
    gatewayUrl = `http://127.0.0.1:${settings.httpPort}`;
    const registered = await fetch(`${gatewayUrl}/users`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: "pw-keeper-1" }),
    });
    expect(registered.status).toBe(201);
  });

  afterAll(async () => {
    await first?.interrupt();
    settings?.removeData();
  });

  async function expectFirstStackUntouched() {
    const health = await fetch(`${gatewayUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const user = await fetch(`${gatewayUrl}/users/${username}`);
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({ username });
    expect(existsSync(join(".local", "build", `gateway-${settings.httpPort}`))).toBe(true);
    for (const [component, pid] of pids) expect(isAlive(pid), component).toBe(true);
  }

  it("keeps no bundler running once the in-process handlers are loaded", () => {
    // serverless-esbuild's service (the repository's esbuild, not tsx's own) held about
    // 1.3 GB per gateway worker, for rebuilds that in-process handlers never load.
    const bundler = fileURLToPath(new URL("../../node_modules/@esbuild/", import.meta.url));
    const gateway = pids.get("API Gateway");
    expect(gateway).toBeDefined();
    const bundlers = processAndDescendants(gateway ?? 0).filter((process) =>
      process.command.startsWith(bundler),
    );
    expect(bundlers.map((process) => process.command)).toEqual([]);
  });

  it("refuses a second start on the same data directory, naming the lock and its pid", async () => {
    const other = await freshStartSettings();
    try {
      const { code, lines } = await refusedStart({
        ...other.env,
        AGORA_DATA_DIR: settings.dataDir,
      });
      expect(code).not.toBe(0);
      const lock = join(settings.dataDir, "stack.lock");
      const holder = readFileSync(lock, "utf8").trim();
      expect(lines).toEqual([
        `agora: the data directory ${settings.dataDir} is in use by another stack: ${lock} is held by pid ${holder}`,
      ]);
      await expectFirstStackUntouched();
    } finally {
      other.removeData();
    }
  });

  it("refuses a second start on the same ports, naming the port and its pid", async () => {
    const other = await freshStartSettings();
    try {
      const { code, lines } = await refusedStart({
        ...settings.env,
        AGORA_DATA_DIR: other.dataDir,
      });
      expect(code).not.toBe(0);
      expect(lines).toEqual([
        `agora: port ${settings.httpPort}, for the gateway (AGORA_HTTP_PORT), is in use by pid ${pids.get("API Gateway")} (node)`,
      ]);
      await expectFirstStackUntouched();
    } finally {
      other.removeData();
    }
  });

  it("stops on Ctrl-C with no false alarm, and leaves no process behind", async () => {
    const stoppedFrom = first.output.length;
    // npm's shell re-raises the SIGINT it saw, so npm itself ends as interrupted (130).
    expect(await first.interrupt()).toBe(130);
    const stopping = first.output.slice(stoppedFrom);
    expect(stopping).toContain("agora: stopped");
    expect(stopping).not.toMatch(/restarting|unexpectedly/);
    for (const [component, pid] of pids) {
      await eventually(`${component} (pid ${pid}) to be gone`, () =>
        isAlive(pid) ? undefined : true,
      );
    }
    expect(existsSync(join(settings.dataDir, "stack.lock"))).toBe(false);
  });
});

describe("a malformed setting", () => {
  it("stops the start with exit code 1 and the setting's name, before anything runs", async () => {
    const settings = await freshStartSettings();
    try {
      const start = npmStart({ ...settings.env, AGORA_AUTH_CACHE_TTL_SECONDS: "61" });
      expect(await start.exited).toBe(1);
      const lines = scriptOutput(start.output);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^agora: invalid configuration .*AGORA_AUTH_CACHE_TTL_SECONDS/);
      expect(start.output).not.toContain("Agora is running");
    } finally {
      settings.removeData();
    }
  });
});
