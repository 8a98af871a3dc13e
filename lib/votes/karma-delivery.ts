// Getting every vote change to its post author's karma, exactly once, without depending on
// the users service being up. The vote's script records the change in the outbox (with an
// idempotency key) in the same atomic step as the vote; the first vote to find no delivery
// requested starts one (async invoke of votes-deliverKarma), and a schedule starts one every
// minute. A delivery claims due changes with a lease, sends each to users-adjustKarma and
// removes it once applied, trying each change three times within the run. A change whose
// delivery failed or died becomes due again when its lease ends, for the next run (the next
// vote's or the schedule's); users-adjustKarma ignores a key it has applied, so a repeat
// never counts twice.
import { setTimeout as sleep } from "node:timers/promises";
import { invokeFunction, invokeFunctionAsync } from "../clients/lambda";
import { describeError, log } from "../log";
import type { KarmaChange, VotesStore } from "./store";

export const DELIVER_KARMA = "votes-deliverKarma";
export const ADJUST_KARMA = "users-adjustKarma";

/** Changes claimed, and sent in parallel, per round. */
const BATCH = 50;
/** How long a claimed change is held before another delivery may try it. */
export const KARMA_LEASE_MS = 5_000;
/** Rounds per delivery; a busy outbox is left to the delivery the next vote starts. */
const MAX_ROUNDS = 20;

/** Starts a delivery without waiting for it; never throws (the schedule is the fallback). */
export async function requestKarmaDelivery(): Promise<void> {
  try {
    await invokeFunctionAsync(DELIVER_KARMA, {});
  } catch (error) {
    log.warn("could not start a karma delivery", describeError(error));
  }
}

/** Delivers due changes until none is left or one fails; returns how many were applied. */
export async function deliverKarma(
  store: VotesStore,
): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Cleared before claiming: a change recorded after the claim asks for a new delivery.
    await store.clearDeliveryRequest();
    const changes = await store.claimKarmaChanges(BATCH, KARMA_LEASE_MS);
    if (changes.length === 0) break;
    const outcomes = await Promise.allSettled(changes.map((change) => apply(store, change)));
    const failures = outcomes.filter((outcome) => outcome.status === "rejected");
    delivered += changes.length - failures.length;
    if (failures.length > 0) {
      log.warn("karma changes not delivered; retried after their lease", {
        failed: failures.length,
        ...describeError(failures[0]?.reason),
      });
      return { delivered, failed: failures.length };
    }
  }
  return { delivered, failed: 0 };
}

/** Pauses before the second and third attempt of one change within a delivery. */
const RETRY_PAUSES_MS = [200, 1_000];

async function apply(store: VotesStore, change: KarmaChange): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await invokeFunction(ADJUST_KARMA, {
        username: change.username,
        delta: change.delta,
        idempotencyKey: change.key,
      });
      break;
    } catch (error) {
      const pause = RETRY_PAUSES_MS[attempt];
      if (pause === undefined) throw error;
      await sleep(pause);
    }
  }
  await store.completeKarmaChange(change);
}
