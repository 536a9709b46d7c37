-- KEYS[1] session hash, KEYS[2] the user's index (sorted set of session ids by creation time)
-- ARGV: id, user, created, lastSeen, expires, authenticated, factors, ip, ua, ttlMillis, maxPerUser, sessionKeyPrefix, now
-- Lifetimes are relative (PEXPIRE) to the application's clock, so the server's clock does not matter.
-- Stores the session (expiring by itself at the deadline), indexes it, drops index entries whose
-- session has gone, ends the oldest sessions beyond maxPerUser, and keeps the index alive as
-- long as its newest session. All keys share the user's hash tag: one slot.
redis.call('HSET', KEYS[1], 'u', ARGV[2], 'c', ARGV[3], 'l', ARGV[4], 'x', ARGV[5], 't', ARGV[6], 'f', ARGV[7], 'ip', ARGV[8], 'ua', ARGV[9])
redis.call('PEXPIRE', KEYS[1], ARGV[10])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local members = redis.call('ZRANGE', KEYS[2], 0, -1)
local live = {}
for _, m in ipairs(members) do
  if redis.call('EXISTS', ARGV[12] .. m) == 1 then
    live[#live + 1] = m
  else
    redis.call('ZREM', KEYS[2], m)
  end
end
local excess = #live - tonumber(ARGV[11])
for i = 1, excess do
  redis.call('DEL', ARGV[12] .. live[i])
  redis.call('ZREM', KEYS[2], live[i])
end
local pttl = redis.call('PTTL', KEYS[2])
local remaining = tonumber(ARGV[5]) - tonumber(ARGV[13])
if pttl < 0 or pttl < remaining then
  redis.call('PEXPIRE', KEYS[2], remaining)
end
return 1
