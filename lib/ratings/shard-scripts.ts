// The Lua scripts a shard's Redis runs, each atomically: MERGE_LUA merges writes into one key
// and keeps the digest; FLUSH_STALE_DIGEST_LUA hands over a digest that has waited too long.
// MERGE_LUA follows mergeWrite (rating-value.ts) and compareClocks (vector-clock.ts).
//
// Shard layout: the hash `/rating/<key>` with the fields rating, choices and clocks (JSON);
// the digest, a list of gossip entries (JSON) waiting to be sent; and the time (ms) its
// oldest entry was added.

/** The digest's keys on every shard. */
export const DIGEST_KEY = "ratings:digest";
export const DIGEST_SINCE_KEY = "ratings:digest-since";

/** The Redis hash of a key's value, as the issue names it. */
export function valueKey(key: string): string {
  return `/rating/${key}`;
}

// JSON written by hand where cjson would be wrong: an empty list (cjson writes `{}`), numbers
// (cjson keeps 14 digits; these keep the shortest form that reads back exactly, as JS does),
// and clocks with their clients sorted, so that equal clocks are equal strings.
const JSON_HELPERS = `
local function num(x)
  if x == math.floor(x) and math.abs(x) < 2^53 then return string.format("%d", x) end
  for digits = 15, 17 do
    local s = string.format("%." .. digits .. "g", x)
    if tonumber(s) == x then return s end
  end
  return string.format("%.17g", x)
end
local function clock_json(clock)
  local clients = {}
  for client in pairs(clock) do clients[#clients + 1] = client end
  table.sort(clients)
  local parts = {}
  for i, client in ipairs(clients) do parts[i] = cjson.encode(client) .. ":" .. num(clock[client]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
local function list_json(items, encode)
  local parts = {}
  for i, item in ipairs(items) do parts[i] = encode(item) end
  return "[" .. table.concat(parts, ",") .. "]"
end
`;

/**
 * KEYS: the value's hash, the digest, the digest's since-time.
 * ARGV: digest length, now (ms), then per write: rating, clock (JSON), digest entry (JSON).
 * Merges each write in turn, appends its entry to the digest, and whenever the digest holds
 * `digest length` entries or more, takes them out to be sent. Returns
 * {rating, choices JSON, clocks JSON, ...entries to send}.
 */
export const MERGE_LUA = `${JSON_HELPERS}
local function order(a, b)
  local less, more = false, false
  for client, x in pairs(a) do
    local y = b[client] or 0
    if x < y then less = true elseif x > y then more = true end
  end
  for client, y in pairs(b) do
    if a[client] == nil and y > 0 then less = true end
  end
  if less and more then return "concurrent" end
  if less then return "before" end
  if more then return "after" end
  return "equal"
end

local stored = redis.call("HMGET", KEYS[1], "choices", "clocks")
local choices = stored[1] and cjson.decode(stored[1]) or {}
local clocks = stored[2] and cjson.decode(stored[2]) or {}
local digest_length = tonumber(ARGV[1])
local flushed = {}

for w = 3, #ARGV, 3 do
  local rating = tonumber(ARGV[w])
  local clock = cjson.decode(ARGV[w + 1])
  local superseded = false
  for i = 1, #clocks do
    local o = order(clocks[i], clock)
    if o == "equal" or o == "after" then superseded = true break end
  end
  if not superseded then
    local kept_choices, kept_clocks = {}, {}
    for i = 1, #clocks do
      if order(clocks[i], clock) == "concurrent" then
        kept_choices[#kept_choices + 1] = choices[i]
        kept_clocks[#kept_clocks + 1] = clocks[i]
      end
    end
    kept_choices[#kept_choices + 1] = rating
    kept_clocks[#kept_clocks + 1] = clock
    choices, clocks = kept_choices, kept_clocks
  end
  if redis.call("RPUSH", KEYS[2], ARGV[w + 2]) == 1 then redis.call("SET", KEYS[3], ARGV[2]) end
  if redis.call("LLEN", KEYS[2]) >= digest_length then
    for _, entry in ipairs(redis.call("LRANGE", KEYS[2], 0, -1)) do flushed[#flushed + 1] = entry end
    redis.call("DEL", KEYS[2], KEYS[3])
  end
end

local sum = 0
for _, choice in ipairs(choices) do sum = sum + choice end
local mean = #choices == 0 and 0 or sum / #choices
local reply = {num(mean), list_json(choices, num), list_json(clocks, clock_json)}
redis.call("HSET", KEYS[1], "rating", reply[1], "choices", reply[2], "clocks", reply[3])
for _, entry in ipairs(flushed) do reply[#reply + 1] = entry end
return reply
`;

/**
 * KEYS: the digest, its since-time. ARGV: now (ms), the age (ms) a digest must have reached.
 * Takes out and returns every entry of a digest that has waited that long; else returns {}.
 */
export const FLUSH_STALE_DIGEST_LUA = `
local since = tonumber(redis.call("GET", KEYS[2]) or "")
if since == nil or tonumber(ARGV[1]) - since < tonumber(ARGV[2]) then return {} end
local entries = redis.call("LRANGE", KEYS[1], 0, -1)
redis.call("DEL", KEYS[1], KEYS[2])
return entries
`;

/** KEYS: the digest, its since-time. ARGV: now (ms), entries. Puts back entries not sent. */
export const RESTORE_DIGEST_LUA = `
for i = 2, #ARGV do
  if redis.call("RPUSH", KEYS[1], ARGV[i]) == 1 then redis.call("SET", KEYS[2], ARGV[1]) end
end
return redis.call("LLEN", KEYS[1])
`;
