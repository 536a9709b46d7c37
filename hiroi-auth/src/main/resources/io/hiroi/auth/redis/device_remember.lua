-- KEYS[1] the user's remembered devices and networks (sorted set: keyed hash -> last seen, ms).
-- ARGV: now, ttlMillis, maxEntries, entry...
-- Drops entries last seen ttl or longer ago, answers 1 or 0 for each given entry (remembered or
-- not), marks them all seen now, keeps the maxEntries most recently seen (LRU), and lets the key
-- expire ttl after its last use. The only key touched is KEYS[1].
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local out = {}
for i = 4, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[1], now, ARGV[i])
end
local n = redis.call('ZCARD', KEYS[1])
local max = tonumber(ARGV[3])
if n > max then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return out
