-- hiroi-ratelimit: count one more failure. KEYS[1]: the key's hash {n: count, t: last failure,
-- f: when the count is forgotten}. ARGV: now ('' = server TIME), how long after the last failure
-- the count is forgotten (µs). Returns {failures, now}.
--#include server_now
local forget = tonumber(ARGV[2])
local n = 1
if tonumber(redis.call('HGET', KEYS[1], 'f') or 0) > now then
  n = tonumber(redis.call('HGET', KEYS[1], 'n') or 0) + 1
end
redis.call('HSET', KEYS[1], 'n', n, 't', string.format('%d', now), 'f', string.format('%d', now + forget))
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil(forget / 1000)))
return {n, now}
