-- KEYS[1] session hash. ARGV: now, idleMillis, touchAfterMillis (all integers, milliseconds)
-- Returns an empty array when there is no session; otherwise the fields u c l x t f ip ua. An expired
-- session is deleted and returned as it was; a live one seen at least touchAfter ago gets
-- l = now and a new expiry, min(now + idle, x).
local r = redis.call('HMGET', KEYS[1], 'u', 'c', 'l', 'x', 't', 'f', 'ip', 'ua')
if not r[1] then
  return {}
end
local now = tonumber(ARGV[1])
local l = tonumber(r[3])
local x = tonumber(r[4])
local idle = tonumber(ARGV[2])
if not l or not x then
  return r
end
if now >= x or now >= l + idle then
  redis.call('DEL', KEYS[1])
  return r
end
if now - l >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'l', ARGV[1])
  local ttl = idle
  if x - now < ttl then
    ttl = x - now
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
  r[3] = ARGV[1]
end
return r
