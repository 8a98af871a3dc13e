// The Lua script that records one game result atomically. Its arithmetic mirrors
// averageMicros and rankingScore in ranking.ts operation for operation; keep them in step.
/**
 * KEYS: counted games (set), score totals (hash), game counts (hash), ranking (sorted set).
 * ARGV: game id, username, the game's score.
 * Returns {1, total, games} once recorded, or {0, total, games} (unchanged) if the game id
 * was already counted. Redis passes the Lua number to ZADD with full double precision.
 */
export const RECORD_RESULT_LUA = `
if redis.call("SADD", KEYS[1], ARGV[1]) == 0 then
  local total = redis.call("HGET", KEYS[2], ARGV[2]) or "0"
  local games = redis.call("HGET", KEYS[3], ARGV[2]) or "0"
  return {0, tonumber(total), tonumber(games)}
end
local total = redis.call("HINCRBY", KEYS[2], ARGV[2], ARGV[3])
local games = redis.call("HINCRBY", KEYS[3], ARGV[2], 1)
local micros = math.floor((2 * total * 1000000 + games) / (2 * games))
local encoded = micros * 1000000000 + math.min(games, 999999999)
redis.call("ZADD", KEYS[4], -encoded, ARGV[2])
return {1, total, games}
`;
