-- hiroi-ratelimit: spend.lua's most common call, one limit and one decision, in fewer steps and
-- with a one-integer reply (about a fifth less server time): the same arguments, and exactly the
-- same decision and stored state (a differential test runs both on random inputs).
-- KEYS[1]: the limit's key. ARGV: '' to use the server's TIME (tests may pass a time in
-- microseconds), then interval and tolerance (µs), then the permits.
-- Returns one integer: for an allowed decision how far the TAT after it is ahead of now (at least
-- 1, the limit moved), for a denied one -(how far the unchanged TAT is ahead of now) - 1, at most
-- -1; LongsOutput.ofOneDecision turns it back into spend.lua's {allowed, now, tat}.
--#include server_now
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then
  tat = now
end
local after = tat + tonumber(ARGV[4]) * tonumber(ARGV[2])
if after - now > tonumber(ARGV[3]) then
  return -(tat - now) - 1
end
-- As in spend.lua: %d for the TAT; the limit moved, so after > now and PX is at least 1.
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000))
return after - now
