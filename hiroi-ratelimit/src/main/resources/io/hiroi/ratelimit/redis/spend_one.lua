-- hiroi-ratelimit: spend.lua's most common call, one limit and one decision, in fewer steps (about
-- an eighth less server time): the same arguments and the same reply, and exactly the same
-- decision and stored state (a differential test runs both on random inputs).
-- KEYS[1]: the limit's key. ARGV: '' to use the server's TIME (tests may pass a time in
-- microseconds), then interval and tolerance (µs), then the permits.
-- Returns {allowed 1|0, now, tat}: the TAT after an allowed decision, the unchanged one (never
-- before now) for a denied one.
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then
  tat = now
end
local after = tat + tonumber(ARGV[4]) * tonumber(ARGV[2])
if after - now > tonumber(ARGV[3]) then
  return {0, now, tat}
end
-- As in spend.lua: %d for the TAT; the limit moved, so after > now and PX is at least 1.
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000))
return {1, now, after}
