-- hiroi-ratelimit: take a lease when fewer than the cap are unexpired. KEYS[1]: the key's sorted
-- set of lease ids scored by expiry (µs). ARGV: now ('' = server TIME), lease id, cap, ttl (µs).
-- Returns {granted 1|0, unexpired leases}.
--#include server_now
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
local held = redis.call('ZCARD', KEYS[1])
if held >= tonumber(ARGV[3]) then
  return {0, held}
end
redis.call('ZADD', KEYS[1], string.format('%d', now + ttl), ARGV[2])
local ttlMillis = math.ceil(ttl / 1000)
if redis.call('PTTL', KEYS[1]) < ttlMillis then
  redis.call('PEXPIRE', KEYS[1], string.format('%d', ttlMillis))
end
return {1, held + 1}
