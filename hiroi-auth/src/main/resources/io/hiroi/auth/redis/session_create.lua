-- KEYS[1] session hash, KEYS[2] the user's index (sorted set of session ids by creation time),
-- KEYS[3..] the session key of each index member the caller read just before.
-- ARGV: id, user, created, lastSeen, expires, authenticated, factors, ip, ua, ttlMillis, maxPerUser, sessionKeyPrefix, now
-- Every key the script touches is in KEYS (Redis' scripting rule; all share the user's hash tag:
-- one Cluster slot). Lifetimes are relative (PEXPIRE) to the application's clock.
-- Stores the session (expiring by itself at the deadline), indexes it, drops index entries whose
-- session has gone, ends the oldest sessions beyond maxPerUser, and keeps the index alive as
-- long as its newest session. An index member the caller did not read (indexed concurrently) is
-- counted as live and left alone; if one of them would have to end, the script returns -1 after
-- storing the session, and the caller reads the index again and runs it again (storing the same
-- session twice changes nothing).
local keyOf = {}
for i = 3, #KEYS do
  local m = string.sub(KEYS[i], #ARGV[12] + 1)
  if ARGV[12] .. m == KEYS[i] then
    keyOf[m] = KEYS[i]
  end
end
redis.call('HSET', KEYS[1], 'u', ARGV[2], 'c', ARGV[3], 'l', ARGV[4], 'x', ARGV[5], 't', ARGV[6], 'f', ARGV[7], 'ip', ARGV[8], 'ua', ARGV[9])
redis.call('PEXPIRE', KEYS[1], ARGV[10])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
keyOf[ARGV[1]] = KEYS[1]
local live = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local key = keyOf[m]
  if key == nil or redis.call('EXISTS', key) == 1 then
    live[#live + 1] = m
  else
    redis.call('ZREM', KEYS[2], m)
  end
end
local pttl = redis.call('PTTL', KEYS[2])
local remaining = tonumber(ARGV[5]) - tonumber(ARGV[13])
if pttl < 0 or pttl < remaining then
  redis.call('PEXPIRE', KEYS[2], remaining)
end
local excess = #live - tonumber(ARGV[11])
for i = 1, excess do
  local key = keyOf[live[i]]
  if key == nil then
    return -1
  end
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[2], live[i])
end
return 1
