-- KEYS[1] the user's index, KEYS[2..] the session key of each index member the caller read just
-- before. ARGV[1..] the members (session ids), in the same order as KEYS[2..].
-- Every key the script touches is in KEYS (all share the user's hash tag: one Cluster slot).
-- Returns id, u, c, l, x, t, f, ip, ua for each session still present (9 values each), and drops
-- index entries whose session has gone. A session indexed after the caller's read is not listed:
-- a list is a snapshot.
local out = {}
for i = 2, #KEYS do
  local m = ARGV[i - 1]
  local r = redis.call('HMGET', KEYS[i], 'u', 'c', 'l', 'x', 't', 'f', 'ip', 'ua')
  if r[1] then
    out[#out + 1] = m
    for j = 1, 8 do
      out[#out + 1] = r[j] or ''
    end
  else
    redis.call('ZREM', KEYS[1], m)
  end
end
return out
