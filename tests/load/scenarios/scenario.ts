// What a service adds to `npm run load` (tests/load/load.ts): the steps of a virtual user's
// journey through it. Each service has one file here exporting its steps; load.ts runs every
// service's steps in turn, as one user would. A step calls the API through `client`, which
// times each request under its route and counts every unexpected status as an error.

export interface VirtualUser {
  username: string;
  password: string;
  /** Whether this user has registered yet (the users service's first step does it). */
  registered: boolean;
  /** The last games-db position this user was told of; sent back on its next requests. */
  txid?: string;
}

export interface LoadClient {
  /**
   * Sends one request, timed under `route` (e.g. "GET /games/{id}"); a status outside
   * `expect` (default: any 2xx) is counted as an error of that route and status, and
   * answers undefined.
   */
  call(
    route: string,
    path: string,
    options?: { user?: VirtualUser; body?: unknown; expect?: number[] },
  ): Promise<unknown>;
  /** Waits the think time (nothing in a closed loop). */
  think(): Promise<void>;
}

export interface ScenarioSteps {
  service: string;
  /** One pass of this service's part of the journey. */
  run(user: VirtualUser, client: LoadClient): Promise<void>;
}

/** One of `items`, uniformly at random (undefined for none). */
export function pickOne<T>(items: readonly [T, ...T[]]): T;
export function pickOne<T>(items: readonly T[]): T | undefined;
export function pickOne<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}
