-- hiroi-ratelimit: extend an unexpired lease. KEYS[1]: the sorted set. ARGV: now ('' = server
-- TIME), lease id, ttl (µs). Returns 1 when renewed, 0 when the lease is gone.
--#include server_now
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', string.format('%d', now + ttl), ARGV[2])
local ttlMillis = math.ceil(ttl / 1000)
if redis.call('PTTL', KEYS[1]) < ttlMillis then
  redis.call('PEXPIRE', KEYS[1], string.format('%d', ttlMillis))
end
return 1
