// A node's executor processes: each runs statements on its own connection to the database, one
// request at a time. A request that outlives its time limit is stopped by killing its process
// with SIGKILL, and a fresh process takes its place. better-sqlite3 cannot interrupt a statement,
// and a worker thread cannot be terminated inside one, but a process can always be killed.
import { type ChildProcess, fork } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_ENV } from "../protocol/auth";
import type {
  ExecutorKind,
  ExecutorReplies,
  ExecutorReply,
  ExecutorRequest,
  ExecutorSettings,
  Refusal,
} from "./executor-messages";
import { errorFields, type Logger } from "./log";

/** Where `--import tsx` resolves from when the node runs from TypeScript sources. */
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCE_EXTENSION = extname(fileURLToPath(import.meta.url));
const PROGRAMS: Record<ExecutorKind, URL> = {
  reader: new URL(`./read-executor${SOURCE_EXTENSION}`, import.meta.url),
  writer: new URL(`./write-executor${SOURCE_EXTENSION}`, import.meta.url),
};
const START_TIMEOUT_MS = 60_000;
const RESPAWN_DELAY_MS = 1000;

/** The request ran past its limit: its executor was killed (its open transaction dies with it). */
export class StatementTimedOut extends Error {
  override name = "StatementTimedOut";
  constructor(
    readonly limitMs: number,
    readonly pid: number,
  ) {
    super(`stopped after ${limitMs} ms`);
  }
}

/** No executor became free within the limit: every one is busy. */
export class NoExecutorFree extends Error {
  override name = "NoExecutorFree";
  constructor(readonly limitMs: number) {
    super(`no executor was free within ${limitMs} ms`);
  }
}

/** The executor refused the request's SQL, or the SQL failed; the node answers `refusal`. */
export class RequestRefused extends Error {
  override name = "RequestRefused";
  constructor(readonly refusal: Refusal) {
    super(refusal.error.message);
  }
}

/** The executor failed on its own (crashed, could not start, or the node is closing). */
export class ExecutorFailed extends Error {
  override name = "ExecutorFailed";
}

interface PendingRequest {
  resolve: (value: ExecutorReplies[keyof ExecutorReplies]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One executor process, spoken to one request at a time. */
export class Executor {
  readonly pid: number;
  /** Leased to a caller of ExecutorPool.use. */
  busy = false;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  #pending: PendingRequest | undefined;
  /** Set as soon as the node kills the process, before its exit is observed. */
  #killed = false;
  #killedForTimeout = false;

  private constructor(
    readonly kind: ExecutorKind,
    child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new ExecutorFailed(`could not start a ${kind}`);
    this.pid = child.pid;
    this.#child = child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#settle((pending) =>
          pending.reject(new ExecutorFailed(`the ${kind} exited (${signal ?? `code ${code}`})`)),
        );
        resolve({ code, signal });
      });
    });
    child.on("message", (reply: ExecutorReply) => this.#receive(reply));
    child.on("error", (error) => this.#fail(error));
  }

  /** Starts an executor process and waits until its connection is open. */
  static async spawn(settings: ExecutorSettings): Promise<Executor> {
    const { kind } = settings;
    const program = fileURLToPath(PROGRAMS[kind]);
    const child = fork(program, [JSON.stringify(settings)], {
      cwd: PROJECT_ROOT,
      execArgv: program.endsWith(".ts") ? ["--import", "tsx"] : [],
      // An executor never speaks HTTP: it does not get the node's secret.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== SECRET_ENV)),
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const executor = new Executor(kind, child);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new ExecutorFailed(`the ${kind} did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      child.once("message", () => {
        clearTimeout(timer);
        resolve();
      });
      void executor.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new ExecutorFailed(`the ${kind} exited while starting (${signal ?? code})`));
      });
    });
    await ready;
    return executor;
  }

  get alive(): boolean {
    return !this.#killed && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Whether the node killed this executor because a request outlived its limit. */
  get killedForTimeout(): boolean {
    return this.#killedForTimeout;
  }

  /**
   * Sends a request and resolves with its reply. After `limitMs` without one, the process is
   * killed and the request rejects with StatementTimedOut.
   */
  request<R extends ExecutorRequest>(
    request: R,
    limitMs: number,
  ): Promise<ExecutorReplies[R["type"]]> {
    if (this.#pending !== undefined) throw new Error("an executor takes one request at a time");
    return new Promise((resolve, reject) => {
      if (!this.alive) {
        reject(new ExecutorFailed(`the ${this.kind} has exited`));
        return;
      }
      const timer = setTimeout(() => {
        this.#settle((pending) => pending.reject(new StatementTimedOut(limitMs, this.pid)));
        this.#killedForTimeout = true;
        this.#kill();
      }, limitMs);
      this.#pending = {
        resolve: resolve as PendingRequest["resolve"],
        reject,
        timer,
      };
      this.#child.send(request, (error) => {
        if (error) this.#fail(error);
      });
    });
  }

  /** Kills the process (nothing it holds needs a clean close) and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.alive) this.#kill();
    await this.exited;
  }

  #kill(): void {
    this.#killed = true;
    this.#child.kill("SIGKILL");
  }

  #receive(reply: ExecutorReply): void {
    this.#settle((pending) => {
      if (reply.type === "done") pending.resolve(reply.value);
      else if (reply.type === "refused") pending.reject(new RequestRefused(reply.refusal));
      else if (reply.type === "crashed") pending.reject(new ExecutorFailed(reply.message));
    });
  }

  #fail(error: Error): void {
    this.#settle((pending) => pending.reject(new ExecutorFailed(error.message)));
  }

  /** Ends the pending request, if any, one way or the other. */
  #settle(end: (pending: PendingRequest) => void): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    end(pending);
  }
}

export interface ExecutorPoolOptions {
  /** How many executors run. */
  size: number;
  /**
   * How many are lent at once (all by default). Fewer keeps the others started and idle, ready
   * to take over at once from one that is killed.
   */
  concurrency?: number;
  /** The executors' kind and what they open. */
  settings: ExecutorSettings;
  log: Logger;
  /** Called after an executor died or was killed, before another takes its place. */
  onExit?: () => void;
}

interface Waiter {
  take: (executor: Executor) => void;
  fail: (error: Error) => void;
}

/** A fixed number of executors of one kind, each lent to one caller at a time, in arrival order. */
export class ExecutorPool {
  readonly #options: ExecutorPoolOptions;
  #executors: Executor[] = [];
  readonly #waiting: Waiter[] = [];
  readonly #idleWatchers = new Set<() => void>();
  #starting = 0;
  /** Bumped when every executor is replaced, so that one started before is not adopted after. */
  #generation = 0;
  #replacing = false;
  #closed = false;

  constructor(options: ExecutorPoolOptions) {
    this.#options = options;
  }

  /** Starts every executor; fails (leaving none running) if one cannot start. */
  async start(): Promise<void> {
    const { settings, size } = this.#options;
    const started = await Promise.allSettled(
      Array.from({ length: size }, () => Executor.spawn(settings)),
    );
    const executors = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failure = started.find((s) => s.status === "rejected");
    if (failure !== undefined) {
      await Promise.all(executors.map((executor) => executor.stop()));
      throw failure.reason;
    }
    for (const executor of executors) this.#adopt(executor, this.#generation);
  }

  /** The executors now running, for /status. */
  describe(): { pid: number; kind: ExecutorKind; busy: boolean }[] {
    return this.#executors
      .filter((executor) => executor.alive)
      .map(({ pid, kind, busy }) => ({ pid, kind, busy }));
  }

  /**
   * Runs `work` with an executor of its own. Waits at most `waitMs` for one to be free
   * (NoExecutorFree after that), and not at all once `signal` aborts.
   */
  async use<T>(
    work: (executor: Executor) => Promise<T>,
    { waitMs, signal }: { waitMs: number; signal?: AbortSignal },
  ): Promise<T> {
    const executor = await this.#acquire(waitMs, signal);
    try {
      return await work(executor);
    } finally {
      executor.busy = false;
      for (const notify of this.#idleWatchers) notify();
      this.#idleWatchers.clear();
      this.#dispatch();
    }
  }

  /**
   * Replaces every executor around `during` (which swaps the database file): waits for the
   * requests running to end, stops every executor, runs `during`, and starts fresh ones, so that
   * no executor keeps reading a file that was replaced. Requests wait meanwhile.
   */
  async replaceAll(during: () => void): Promise<void> {
    this.#replacing = true;
    this.#generation++;
    try {
      while (this.#executors.some((executor) => executor.busy)) {
        await new Promise<void>((resolve) => this.#idleWatchers.add(resolve));
      }
      await Promise.all(this.#executors.splice(0).map((executor) => executor.stop()));
      during();
    } finally {
      this.#replacing = false;
      await this.#replenish();
    }
  }

  /** Stops every executor; waiting and later requests fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) {
      waiter.fail(new ExecutorFailed("the node is closing"));
    }
    await Promise.all(this.#executors.splice(0).map((executor) => executor.stop()));
  }

  #acquire(waitMs: number, signal: AbortSignal | undefined): Promise<Executor> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new ExecutorFailed("the node is closing"));
        return;
      }
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abandon);
        const index = this.#waiting.indexOf(waiter);
        if (index !== -1) this.#waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        take: (executor) => {
          leave();
          resolve(executor);
        },
        fail: (error) => {
          leave();
          reject(error);
        },
      };
      const abandon = () => waiter.fail(signal?.reason);
      const timer = setTimeout(() => waiter.fail(new NoExecutorFree(waitMs)), waitMs);
      signal?.addEventListener("abort", abandon, { once: true });
      this.#waiting.push(waiter);
      this.#dispatch();
    });
  }

  /** Lends free executors to the callers waiting longest. */
  #dispatch(): void {
    if (this.#replacing) return;
    const { size, concurrency = size } = this.#options;
    let lent = this.#executors.filter((executor) => executor.busy).length;
    for (const executor of this.#executors) {
      if (lent >= concurrency) return;
      if (executor.busy || !executor.alive) continue;
      const waiter = this.#waiting[0];
      if (waiter === undefined) return;
      executor.busy = true;
      lent++;
      waiter.take(executor);
    }
  }

  #adopt(executor: Executor, generation: number): void {
    if (this.#closed || this.#replacing || generation !== this.#generation) {
      void executor.stop();
      return;
    }
    this.#executors.push(executor);
    void executor.exited.then((exit) => this.#remove(executor, exit));
    this.#dispatch();
  }

  /** Forgets an executor that exited; unless the pool stopped it, starts another. */
  #remove(executor: Executor, exit: { code: number | null; signal: NodeJS.Signals | null }): void {
    const index = this.#executors.indexOf(executor);
    if (index === -1) return;
    this.#executors.splice(index, 1);
    if (!executor.killedForTimeout) {
      this.#options.log("executor_exited", { kind: executor.kind, pid: executor.pid, ...exit });
    }
    this.#options.onExit?.();
    void this.#replenish();
  }

  /** Starts executors until the pool is full again; one that fails to start is retried later. */
  async #replenish(): Promise<void> {
    const { settings, size } = this.#options;
    const missing = size - this.#executors.length - this.#starting;
    await Promise.all(
      Array.from({ length: Math.max(0, missing) }, async () => {
        if (this.#closed || this.#replacing) return;
        const generation = this.#generation;
        this.#starting++;
        try {
          const executor = await Executor.spawn(settings);
          this.#starting--;
          this.#adopt(executor, generation);
        } catch (error) {
          this.#starting--;
          this.#options.log("error", {
            ...errorFields(error),
            during: `starting a ${settings.kind}`,
          });
          setTimeout(() => void this.#replenish(), RESPAWN_DELAY_MS).unref();
        }
      }),
    );
  }
}
