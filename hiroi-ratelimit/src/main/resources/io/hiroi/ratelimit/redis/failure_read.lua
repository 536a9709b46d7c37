-- hiroi-ratelimit: read a failure count. KEYS[1]: the key's hash {n, t, f}. ARGV[1]: now ('' =
-- server TIME). Returns {failures, last failure (µs, 0 when none), now}.
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local v = redis.call('HMGET', KEYS[1], 'n', 't', 'f')
if tonumber(v[3] or 0) <= now then
  return {0, 0, now}
end
return {tonumber(v[1]), tonumber(v[2]), now}
