// What the ratings store refuses, as domain errors (lib/domain-errors.ts).
import { UnavailableError } from "../domain-errors";

/** A shard's Redis does not answer: strong reads and writes of its keys wait for it. */
export class ShardUnavailable extends UnavailableError {
  constructor(readonly shard: number) {
    super(`ratings shard ${shard} is unavailable; try again shortly`);
  }
}

/** No shard answers a weak read. */
export class NoShardAvailable extends UnavailableError {
  constructor() {
    super("no ratings shard is available; try again shortly");
  }
}
