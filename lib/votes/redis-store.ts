// The votes store on Redis (access patterns in store.ts). A Redis that cannot answer makes
// votes unavailable (VotesUnavailable, a 503).
import type { Redis } from "ioredis";
import * as z from "zod";
import { LuaScript } from "../redis/lua-script";
import { unreachableAs } from "../redis/unreachable";
import { PostDeleted, VotesUnavailable } from "./errors";
import { DEFAULT_KEY_PREFIX, votesKeys } from "./keys";
import { CAST_VOTE_LUA, CLAIM_KARMA_CHANGES_LUA, RECORD_POST_LUA } from "./scripts";
import type { Direction, KarmaChange, Tally, VotesStore } from "./store";

/** How long a delivery request stands if the delivery it asked for never runs. */
const DELIVERY_REQUEST_TTL_MS = 10_000;

const castVote = new LuaScript(CAST_VOTE_LUA);
const recordPost = new LuaScript(RECORD_POST_LUA);
const claimKarmaChanges = new LuaScript(CLAIM_KARMA_CHANGES_LUA);

const VoteReply = z.union([
  z.tuple([z.literal(-1)]),
  z.tuple([z.literal(1), z.number(), z.number(), z.number()]),
]);
const StoredChange = z.object({
  key: z.string(),
  username: z.string(),
  delta: z.number().int(),
});

export interface VotesStoreOptions {
  keyPrefix?: string;
}

export function createRedisVotesStore(
  redis: Redis,
  { keyPrefix = DEFAULT_KEY_PREFIX }: VotesStoreOptions = {},
): VotesStore {
  const keys = votesKeys(keyPrefix);
  const unavailable = unreachableAs(() => new VotesUnavailable());
  const tallyOf = (postId: string, up: unknown, down: unknown): Tally => {
    const upvotes = Number(up ?? 0);
    const downvotes = Number(down ?? 0);
    return { postId, upvotes, downvotes, score: upvotes - downvotes };
  };

  return {
    async vote(postId, username, direction) {
      const reply = VoteReply.parse(
        await castVote
          .run(
            redis,
            [
              keys.post(postId),
              keys.ballots(postId),
              keys.top,
              keys.karmaOutbox,
              keys.karmaWaiting(postId),
              keys.changeSequence,
              keys.deliveryRequested,
            ],
            [postId, username, direction, keys.communityTopPrefix, DELIVERY_REQUEST_TTL_MS],
          )
          .catch(unavailable),
      );
      if (reply[0] === -1) throw new PostDeleted(postId);
      const [, up, down, deliver] = reply;
      return { tally: tallyOf(postId, up, down), deliver: deliver === 1 };
    },

    async myVote(postId, username) {
      const vote = await redis.hget(keys.ballots(postId), username).catch(unavailable);
      return Number(vote ?? 0) as Direction;
    },

    async tally(postId) {
      const [up, down] = await redis.hmget(keys.post(postId), "up", "down").catch(unavailable);
      return tallyOf(postId, up, down);
    },

    async top(limit, community) {
      const ranking = community === undefined ? keys.top : keys.communityTopPrefix + community;
      const ids = await redis.zrevrange(ranking, 0, limit - 1).catch(unavailable);
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hmget(keys.post(id), "up", "down");
      const counts = ids.length === 0 ? [] : ((await pipeline.exec().catch(unavailable)) ?? []);
      return ids.map((id, i) => {
        const [error, reply] = counts[i] ?? [null, []];
        if (error) throw error;
        const [up, down] = reply as (string | null)[];
        return tallyOf(id, up, down);
      });
    },

    async scores(postIds) {
      if (postIds.length === 0) return [];
      const scores = await redis.zmscore(keys.top, ...postIds).catch(unavailable);
      return scores.map((score) => Number(score ?? 0));
    },

    async recordPost({ postId, community, username, deleted }) {
      const reply = await recordPost
        .run(
          redis,
          [
            keys.post(postId),
            keys.top,
            keys.communityTopPrefix + community,
            keys.karmaOutbox,
            keys.karmaWaiting(postId),
            keys.deliveryRequested,
          ],
          [postId, community, username, deleted ? "1" : "0", DELIVERY_REQUEST_TTL_MS],
        )
        .catch(unavailable);
      return reply === 1;
    },

    async claimKarmaChanges(max, leaseMs) {
      const entries = z
        .array(z.string())
        .parse(
          await claimKarmaChanges.run(redis, [keys.karmaOutbox], [max, leaseMs]).catch(unavailable),
        );
      return entries.map(
        (entry): KarmaChange => ({
          ...StoredChange.parse(JSON.parse(entry)),
          entry,
        }),
      );
    },

    async completeKarmaChange(change) {
      await redis.zrem(keys.karmaOutbox, change.entry).catch(unavailable);
    },

    async clearDeliveryRequest() {
      await redis.del(keys.deliveryRequested).catch(unavailable);
    },
  };
}
