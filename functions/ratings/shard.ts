// Internal ratings-shard {shard, op: "get" | "put", key, rating?, clock?}: what one shard does
// for a direct read or write, gossip steps included; answers the value as the routes do.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { ratings } from "../../lib/ratings/composition-root";
import { ratingKey, ratingValue, vectorClock } from "../../lib/ratings/inputs";

const ShardOperation = z.discriminatedUnion("op", [
  z.strictObject({ shard: z.number().int().nonnegative(), op: z.literal("get"), key: ratingKey }),
  z.strictObject({
    shard: z.number().int().nonnegative(),
    op: z.literal("put"),
    key: ratingKey,
    rating: ratingValue,
    clock: vectorClock,
  }),
]);

export const handler = internalFunction(
  ShardOperation.refine((input) => input.shard < ratings.shards, {
    message: `there are ${ratings.shards} shards, numbered from 0`,
    path: ["shard"],
  }),
  async (input) =>
    input.op === "get"
      ? ratings.readShard(input.shard, input.key)
      : ratings.writeShard(input.shard, input.key, input),
);
