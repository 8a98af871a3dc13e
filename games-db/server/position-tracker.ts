// A node's current position in memory: every change is mirrored to the -pos file and wakes the
// reads waiting for the node to reach a TXID.
import type { Position } from "./position";

interface Waiter {
  txid: number;
  done: (reached: boolean) => void;
}

export class PositionTracker {
  #position: Position;
  readonly #persist: (position: Position) => void;
  readonly #waiters = new Set<Waiter>();

  constructor(position: Position, persist: (position: Position) => void) {
    this.#position = position;
    this.#persist = persist;
    persist(position);
  }

  get current(): Position {
    return this.#position;
  }

  set(position: Position): void {
    this.#position = position;
    this.#persist(position);
    for (const waiter of this.#waiters) {
      if (waiter.txid <= position.txid) waiter.done(true);
    }
  }

  /** Resolves true as soon as the position reaches `txid`, false after `timeoutMs` or on close. */
  waitFor(txid: number, timeoutMs: number): Promise<boolean> {
    if (this.#position.txid >= txid) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        txid,
        done: (reached) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    for (const waiter of this.#waiters) waiter.done(false);
  }
}
