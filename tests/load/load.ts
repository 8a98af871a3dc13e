// `npm run load`: the seeds' load test. Virtual users walk real journeys through the whole
// API (tests/load/scenarios/: register once, log in, play Wordle to the end, read the
// leaderboard and profiles), against a running stack on loopback.
//
//   npm run load -- --users 100 --think 1s --duration 60s   realistic users: first they all
//                                                           sign up (registration and first
//                                                           login, two scrypts each), a few
//                                                           at a time; then --duration of
//                                                           journeys, measured on their own
//   npm run load -- --stress                                closed loop, ramping users
//
// --url (default http://127.0.0.1:$AGORA_HTTP_PORT, port 3000) names the stack; --own-stack
// starts a fresh test stack on free ports instead. It prints throughput, p50/p95/p99 per
// route and overall, errors by route and status, and one summary line, and exits non-zero
// on any error. --stress adds users step by step (closed loop: no think time) until errors
// appear or p99 passes 1 s, and reports the knee: the most users served within both.
// Bounded: at most 1000 users, 10 minutes and --max-requests requests (default 1,000,000).
import { parseArgs } from "node:util";
import { startTestStack, type TestStack } from "../support/test-stack";
import { percentile, printTable } from "./measure";
import { forumSteps } from "./scenarios/forum";
import { gamesSteps } from "./scenarios/games";
import { leaderboardSteps } from "./scenarios/leaderboard";
import { microblogSteps } from "./scenarios/microblog";
import { ratingsSteps } from "./scenarios/ratings";
import type { LoadClient, ScenarioSteps, VirtualUser } from "./scenarios/scenario";
import { signUp, usersSteps } from "./scenarios/users";

/** Every service's steps, in the order of a journey. New services add theirs here. */
const JOURNEY: ScenarioSteps[] = [
  usersSteps,
  gamesSteps,
  leaderboardSteps,
  forumSteps,
  microblogSteps,
  ratingsSteps,
];

const MAX_USERS = 1000;
/**
 * Sign-ups at once: each costs two scrypts (about 0.5 s of CPU), so a handful keeps the
 * machine's cores busy without queueing any request near a function's timeout.
 */
const SIGN_UP_CONCURRENCY = 4;
const MAX_SECONDS = 600;
const STRESS_P99_LIMIT_MS = 1000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

interface Samples {
  latencies: Map<string, number[]>;
  errors: Map<string, number>;
  requests: number;
}

const newSamples = (): Samples => ({ latencies: new Map(), errors: new Map(), requests: 0 });

function seconds(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--${option}: expected a duration such as 500ms, 1s or 2m`);
  const value = Number(match[1]);
  return match[2] === "ms" ? value / 1000 : match[2] === "m" ? value * 60 : value;
}

function bounded(value: number, max: number, option: string): number {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`--${option} must be between 0 and ${max}`);
  }
  return value;
}

/** A client whose calls are timed into `samples` while `budget` lasts. */
function createClient(
  baseUrl: string,
  samples: () => Samples,
  thinkMs: number,
  budget: { left: number; until: number },
): LoadClient {
  return {
    async call(route, path, { user, body, expect } = {}) {
      if (budget.left <= 0 || Date.now() >= budget.until) throw new Stop();
      budget.left--;
      const headers: Record<string, string> = {};
      if (user) {
        const credentials = `${user.username}:${user.password}`;
        headers.Authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
        if (user.txid) headers["x-agora-txid"] = user.txid;
      }
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const method = route.split(" ")[0] ?? "GET";
      const started = performance.now();
      let status = 0;
      let answer: unknown;
      try {
        const response = await fetch(baseUrl + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        const txid = response.headers.get("x-agora-txid");
        if (user && txid) user.txid = txid;
        const text = await response.text();
        answer = text ? JSON.parse(text) : undefined;
      } catch {
        status = 0; // no answer at all: a reset connection or a timeout
      }
      const current = samples();
      current.requests++;
      const elapsed = performance.now() - started;
      const latencies = current.latencies.get(route) ?? [];
      latencies.push(elapsed);
      current.latencies.set(route, latencies);
      const ok = expect ? expect.includes(status) : status >= 200 && status < 300;
      if (ok) return answer;
      const key = `${route} → ${status || "no answer"}`;
      current.errors.set(key, (current.errors.get(key) ?? 0) + 1);
      return undefined;
    },
    async think() {
      if (thinkMs <= 0) return;
      // ±50 %, so users do not move in lockstep.
      await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
    },
  };
}

/** Thrown inside a journey once the time or the request budget is spent. */
class Stop extends Error {}

/**
 * Walks `user` through the journey until `running` says stop, starting at service `start`:
 * users that start at different services do not walk in step (100 users in step would
 * all post a tweet within the same second or two, a burst no real population sends).
 */
async function runUser(user: VirtualUser, client: LoadClient, running: () => boolean, start = 0) {
  let next = start;
  try {
    while (running()) {
      // Unregistered (its registration failed), it would only collect 401s, and lock its
      // username with failed attempts: it registers first (the users service's steps).
      const steps = (user.registered && JOURNEY[next++ % JOURNEY.length]) || usersSteps;
      await steps.run(user, client);
    }
  } catch (error) {
    ignoreStop(error);
  }
}

let userCount = 0;
function newUser(): VirtualUser {
  const id = `${Date.now().toString(36)}${(userCount++).toString(36)}`;
  return { username: `load_${id}`, password: "load test password", registered: false };
}

function summarize(samples: Samples, elapsedSeconds: number) {
  const all = [...samples.latencies.values()].flat();
  const errors = [...samples.errors.values()].reduce((sum, n) => sum + n, 0);
  return {
    requests: samples.requests,
    throughput: samples.requests / elapsedSeconds,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    errors,
  };
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(1));

function printReport(title: string, samples: Samples, elapsedSeconds: number) {
  const rows = [...samples.latencies]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, latencies]) => [
      route,
      latencies.length,
      (latencies.length / elapsedSeconds).toFixed(1),
      ms(percentile(latencies, 50)),
      ms(percentile(latencies, 95)),
      ms(percentile(latencies, 99)),
    ]);
  const total = summarize(samples, elapsedSeconds);
  rows.push([
    "overall",
    total.requests,
    total.throughput.toFixed(1),
    ms(total.p50),
    ms(total.p95),
    ms(total.p99),
  ]);
  printTable(title, ["route", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms"], rows);
  if (samples.errors.size > 0) {
    printTable(
      "Errors",
      ["route → status", "count"],
      [...samples.errors].map(([key, count]) => [key, count]),
    );
  }
  return total;
}

async function realistic(
  baseUrl: string,
  options: {
    users: number;
    thinkMs: number;
    rampMs: number;
    seconds: number;
    maxRequests: number;
  },
): Promise<number> {
  const budget = { left: options.maxRequests, until: Number.POSITIVE_INFINITY };
  let samples = newSamples();
  const client = createClient(baseUrl, () => samples, options.thinkMs, budget);
  const users = Array.from({ length: options.users }, newUser);

  // The sign-up phase: every user registers and logs in once, a few at a time.
  const signUpStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SIGN_UP_CONCURRENCY }, async () => {
      for (let user = users[next++]; user !== undefined; user = users[next++]) {
        await signUp(user, client).catch(ignoreStop);
      }
    }),
  );
  const signUpSeconds = (performance.now() - signUpStarted) / 1000;
  const signUps = printReport(
    `Sign-up: ${options.users} users registering and logging in, ${SIGN_UP_CONCURRENCY} at a time, ${signUpSeconds.toFixed(0)} s`,
    samples,
    signUpSeconds,
  );

  // The measured phase: journeys for --duration, users starting over --ramp, each at
  // another service of the journey.
  samples = newSamples();
  budget.until = Date.now() + options.seconds * 1000;
  const started = performance.now();
  const running = () => Date.now() < budget.until && budget.left > 0;
  await Promise.all(
    users.map(async (user, i) => {
      await new Promise((resolve) => setTimeout(resolve, (options.rampMs * i) / options.users));
      await runUser(user, client, running, i);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const total = printReport(
    `${options.users} users, think ${options.thinkMs} ms, starting over ${options.rampMs / 1000} s, ${elapsed.toFixed(0)} s, ${baseUrl}`,
    samples,
    elapsed,
  );
  const errors = signUps.errors + total.errors;
  console.log(
    `\nsummary: ${options.users} users signed up in ${signUpSeconds.toFixed(0)} s (${signUps.errors} errors); ` +
      `then ${total.requests} requests, ${total.throughput.toFixed(0)} req/s, ` +
      `p50 ${ms(total.p50)} ms, p95 ${ms(total.p95)} ms, p99 ${ms(total.p99)} ms, ${total.errors} errors`,
  );
  return errors === 0 ? 0 : 1;
}

function ignoreStop(error: unknown): void {
  if (!(error instanceof Stop)) throw error;
}

async function stress(
  baseUrl: string,
  options: { stepUsers: number; stepSeconds: number; maxUsers: number; maxRequests: number },
): Promise<number> {
  const budget = { left: options.maxRequests, until: Date.now() + MAX_SECONDS * 1000 };
  let samples = newSamples();
  const client = createClient(baseUrl, () => samples, 0, budget);
  let stepEnds = 0;
  let stopAll = false;
  const users: Promise<void>[] = [];
  const rows: (string | number)[][] = [];
  let knee: { users: number; throughput: number; p99: number } | undefined;
  let verdict = "reached --max-users without errors or p99 over 1 s";
  for (let count = options.stepUsers; count <= options.maxUsers; count += options.stepUsers) {
    while (users.length < count) {
      users.push(
        runUser(newUser(), client, () => !stopAll && Date.now() < budget.until, users.length),
      );
    }
    // Measure the step's second half: new users have registered by then.
    stepEnds = Date.now() + options.stepSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, (options.stepSeconds * 1000) / 2));
    samples = newSamples();
    const measuredFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stepEnds - Date.now())));
    const step = summarize(samples, (performance.now() - measuredFrom) / 1000);
    rows.push([
      count,
      step.throughput.toFixed(1),
      ms(step.p50),
      ms(step.p95),
      ms(step.p99),
      step.errors,
    ]);
    if (step.errors > 0 || step.p99 > STRESS_P99_LIMIT_MS) {
      verdict = step.errors > 0 ? `errors at ${count} users` : `p99 over 1 s at ${count} users`;
      break;
    }
    knee = { users: count, throughput: step.throughput, p99: step.p99 };
    if (budget.left <= 0 || Date.now() >= budget.until) {
      verdict = "stopped by the time or request budget";
      break;
    }
  }
  stopAll = true;
  await Promise.all(users);
  printTable(
    `Stress: closed loop, +${options.stepUsers} users every ${options.stepSeconds} s, ${baseUrl}`,
    ["users", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
    rows,
  );
  console.log(
    knee
      ? `\nsummary: knee at ${knee.users} users, ${knee.throughput.toFixed(0)} req/s, p99 ${ms(knee.p99)} ms; ${verdict}`
      : `\nsummary: no step stayed within 0 errors and p99 ≤ 1 s; ${verdict}`,
  );
  return knee ? 0 : 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100" },
      think: { type: "string", default: "1s" },
      duration: { type: "string", default: "60s" },
      ramp: { type: "string" }, // default: one think time
      stress: { type: "boolean", default: false },
      "step-users": { type: "string", default: "10" },
      "step-duration": { type: "string", default: "10s" },
      "max-users": { type: "string", default: "500" },
      "max-requests": { type: "string", default: "1000000" },
      url: { type: "string" },
      "own-stack": { type: "boolean", default: false },
    },
  });
  const maxRequests = bounded(Number(values["max-requests"]), 10_000_000, "max-requests");
  let stack: TestStack | undefined;
  if (values["own-stack"]) {
    console.log("starting a fresh stack...");
    stack = await startTestStack({}, 0);
  }
  try {
    const baseUrl =
      stack?.gatewayUrl ??
      (values.url ?? `http://127.0.0.1:${process.env.AGORA_HTTP_PORT ?? 3000}`).replace(/\/+$/, "");
    if (!LOOPBACK.has(new URL(baseUrl).hostname)) {
      throw new Error(`${baseUrl} is not on loopback: npm run load only targets this machine`);
    }
    const health = await fetch(`${baseUrl}/health`).catch(() => undefined);
    if (health?.status !== 200)
      throw new Error(`no healthy Agora at ${baseUrl} (is npm start running?)`);
    if (values.stress) {
      return await stress(baseUrl, {
        stepUsers: bounded(Number(values["step-users"]), MAX_USERS, "step-users") || 10,
        stepSeconds: bounded(
          seconds(values["step-duration"], "step-duration"),
          120,
          "step-duration",
        ),
        maxUsers: bounded(Number(values["max-users"]), MAX_USERS, "max-users"),
        maxRequests,
      });
    }
    return await realistic(baseUrl, {
      users: bounded(Number(values.users), MAX_USERS, "users"),
      thinkMs: bounded(seconds(values.think, "think"), 60, "think") * 1000,
      rampMs: bounded(seconds(values.ramp ?? values.think, "ramp"), MAX_SECONDS, "ramp") * 1000,
      seconds: bounded(seconds(values.duration, "duration"), MAX_SECONDS, "duration"),
      maxRequests,
    });
  } finally {
    await stack?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
