-- hiroi-ratelimit: read a failure count. KEYS[1]: the key's hash {n, t, f}. ARGV[1]: now ('' =
-- server TIME). Returns {failures, last failure (µs, 0 when none), now}.
--#include server_now
local v = redis.call('HMGET', KEYS[1], 'n', 't', 'f')
if tonumber(v[3] or 0) <= now then
  return {0, 0, now}
end
return {tonumber(v[1]), tonumber(v[2]), now}
