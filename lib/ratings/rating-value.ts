// A key's value in the ratings store, and how a write merges into it: the store keeps every
// rating that no other rating supersedes (issue 10). MERGE_LUA (merge-script.ts) applies
// the same rule atomically inside a shard; this module is its reference, and the unit tests'.
import { compareClocks, type VectorClock } from "./vector-clock";

export interface RatingValue {
  /** The mean of `choices`, or 0 when there is none. */
  rating: number;
  /** The concurrent ratings, parallel to `clocks`. */
  choices: number[];
  clocks: VectorClock[];
}

export interface RatingWrite {
  rating: number;
  clock: VectorClock;
}

/** What an unknown key reads as. */
export const EMPTY_VALUE: RatingValue = Object.freeze({ rating: 0, choices: [], clocks: [] });

export function meanOf(choices: readonly number[]): number {
  if (choices.length === 0) return 0;
  let sum = 0;
  for (const choice of choices) sum += choice;
  return sum / choices.length;
}

/**
 * Merges one write: unchanged when some stored clock is equal to or later than the write's;
 * otherwise the entries the write supersedes go, concurrent ones stay, and the write is added.
 */
export function mergeWrite(value: RatingValue, write: RatingWrite): RatingValue {
  const orders = value.clocks.map((clock) => compareClocks(clock, write.clock));
  if (orders.some((order) => order === "equal" || order === "after")) return value;
  const choices: number[] = [];
  const clocks: VectorClock[] = [];
  orders.forEach((order, i) => {
    const choice = value.choices[i];
    const clock = value.clocks[i];
    if (order === "concurrent" && choice !== undefined && clock !== undefined) {
      choices.push(choice);
      clocks.push(clock);
    }
  });
  choices.push(write.rating);
  clocks.push(write.clock);
  return { rating: meanOf(choices), choices, clocks };
}

/** The choice/clock pairs of a value, in order: how a gossiped value is merged, pair by pair. */
export function pairsOf(value: RatingValue): RatingWrite[] {
  return value.choices.flatMap((rating, i) => {
    const clock = value.clocks[i];
    return clock === undefined ? [] : [{ rating, clock }];
  });
}
