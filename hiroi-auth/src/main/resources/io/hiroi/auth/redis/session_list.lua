-- KEYS[1] the user's index. ARGV: sessionKeyPrefix
-- Returns id, u, c, l, x, t, f, ip, ua for each session still present (9 values each), and drops
-- index entries whose session has gone.
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, m in ipairs(members) do
  local r = redis.call('HMGET', ARGV[1] .. m, 'u', 'c', 'l', 'x', 't', 'f', 'ip', 'ua')
  if r[1] then
    out[#out + 1] = m
    for i = 1, 8 do
      out[#out + 1] = r[i] or ''
    end
  else
    redis.call('ZREM', KEYS[1], m)
  end
end
return out
