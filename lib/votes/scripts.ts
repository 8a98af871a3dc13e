// The votes service's Lua scripts: each runs atomically in Redis, so concurrent votes never
// drift and a vote change and its karma change are recorded together or not at all.

/** Milliseconds since the epoch by Redis' clock, for outbox due times. */
const NOW_MS = `
local function now_ms()
  local t = redis.call("TIME")
  return t[1] * 1000 + math.floor(t[2] / 1000)
end
`;

/**
 * KEYS: post hash, ballots hash, overall ranking, karma outbox, the post's karma waiting
 * list, change sequence, delivery-requested flag.
 * ARGV: postId, username, direction (1, -1 or 0), community ranking prefix, flag TTL (ms).
 * Returns {-1} for a deleted post, else {1, upvotes, downvotes, deliveryRequested}: 1 when
 * this vote set the flag and the caller should start a karma delivery.
 */
export const CAST_VOTE_LUA = `${NOW_MS}
if redis.call("HGET", KEYS[1], "deleted") == "1" then return {-1} end
local old = tonumber(redis.call("HGET", KEYS[2], ARGV[2]) or "0")
local new = tonumber(ARGV[3])
local up = tonumber(redis.call("HGET", KEYS[1], "up") or "0")
local down = tonumber(redis.call("HGET", KEYS[1], "down") or "0")
if old == new then return {1, up, down, 0} end
if new == 0 then redis.call("HDEL", KEYS[2], ARGV[2]) else redis.call("HSET", KEYS[2], ARGV[2], new) end
if old == 1 then up = up - 1 elseif old == -1 then down = down - 1 end
if new == 1 then up = up + 1 elseif new == -1 then down = down + 1 end
redis.call("HSET", KEYS[1], "up", up, "down", down)
redis.call("ZADD", KEYS[3], up - down, ARGV[1])
local community = redis.call("HGET", KEYS[1], "community")
if community then redis.call("ZADD", ARGV[4] .. community, up - down, ARGV[1]) end
local key = "vote:" .. ARGV[1] .. ":" .. ARGV[2] .. ":" .. redis.call("INCR", KEYS[6])
local author = redis.call("HGET", KEYS[1], "author")
if not author then
  redis.call("RPUSH", KEYS[5], cjson.encode({key = key, delta = new - old}))
  return {1, up, down, 0}
end
redis.call("ZADD", KEYS[4], now_ms(), cjson.encode({key = key, username = author, delta = new - old}))
local requested = redis.call("SET", KEYS[7], "1", "PX", ARGV[5], "NX") and 1 or 0
return {1, up, down, requested}
`;

/**
 * KEYS: post hash, overall ranking, the post's community ranking, karma outbox, the post's
 * karma waiting list, delivery-requested flag.
 * ARGV: postId, community, author, deleted ("1" or "0"), flag TTL (ms).
 * Records what the votes service must know of a post; a deletion is final (an event that
 * arrives late never brings a post back). Karma changes that waited for the author move to
 * the outbox. Returns 1 when the caller should start a karma delivery.
 */
export const RECORD_POST_LUA = `${NOW_MS}
redis.call("HSET", KEYS[1], "community", ARGV[2], "author", ARGV[3])
if ARGV[4] == "1" or redis.call("HGET", KEYS[1], "deleted") == "1" then
  redis.call("HSET", KEYS[1], "deleted", "1")
  redis.call("ZREM", KEYS[2], ARGV[1])
  redis.call("ZREM", KEYS[3], ARGV[1])
else
  local score = tonumber(redis.call("HGET", KEYS[1], "up") or "0") - tonumber(redis.call("HGET", KEYS[1], "down") or "0")
  redis.call("ZADD", KEYS[2], score, ARGV[1])
  redis.call("ZADD", KEYS[3], score, ARGV[1])
end
local waiting = redis.call("LRANGE", KEYS[5], 0, -1)
if #waiting == 0 then return 0 end
local now = now_ms()
for _, raw in ipairs(waiting) do
  local change = cjson.decode(raw)
  redis.call("ZADD", KEYS[4], now, cjson.encode({key = change.key, username = ARGV[3], delta = change.delta}))
end
redis.call("DEL", KEYS[5])
return redis.call("SET", KEYS[6], "1", "PX", ARGV[5], "NX") and 1 or 0
`;

/**
 * KEYS: karma outbox. ARGV: at most how many, lease (ms).
 * Claims the changes that are due: each becomes due again only after the lease, so a
 * delivery that dies midway is retried, and two deliveries never claim the same change.
 */
export const CLAIM_KARMA_CHANGES_LUA = `${NOW_MS}
local now = now_ms()
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", now, "LIMIT", 0, tonumber(ARGV[1]))
for _, change in ipairs(due) do redis.call("ZADD", KEYS[1], "XX", now + tonumber(ARGV[2]), change) end
return due
`;
