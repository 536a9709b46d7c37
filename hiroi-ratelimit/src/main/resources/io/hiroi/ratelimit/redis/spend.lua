-- hiroi-ratelimit: GCRA over one or more limits of one key, all or nothing (Gcra.java in Lua), for
-- one decision or for several decisions of the same key and limits, decided one after another in
-- the order given: exactly what the same decisions sent one by one would get.
-- KEYS: one per limit, all with the key's hash tag. ARGV[1]: '' to use the server's TIME (tests
-- may pass a time in microseconds); ARGV[2 .. 1 + 2 * #KEYS]: per limit, interval and tolerance
-- (µs); then the permits of each decision, in order (at least one).
-- Returns, per decision in order, {allowed 1|0, now, tat_1 .. tat_n}: the TATs after an allowed
-- decision, the (unchanged) TATs for a denied one.
--#include server_now
local limits = #KEYS
local tats = {}
for i = 1, limits do
  local tat = tonumber(redis.call('GET', KEYS[i]) or 0)
  if tat < now then
    tat = now
  end
  tats[i] = tat
end
local reply = {}
local n = 0
local spent = false
for d = 2 + 2 * limits, #ARGV do
  local permits = tonumber(ARGV[d])
  local allowed = 1
  for i = 1, limits do
    if tats[i] + permits * tonumber(ARGV[2 * i]) - now > tonumber(ARGV[1 + 2 * i]) then
      allowed = 0
    end
  end
  if allowed == 1 then
    spent = true
    for i = 1, limits do
      tats[i] = tats[i] + permits * tonumber(ARGV[2 * i])
    end
  end
  reply[n + 1] = allowed
  reply[n + 2] = now
  for i = 1, limits do
    reply[n + 2 + i] = tats[i]
  end
  n = n + 2 + limits
end
if spent then
  for i = 1, limits do
    -- tat needs %d (a Lua number of 16 digits may print in exponent form); the PX value is a
    -- small whole number, which Redis writes plainly. Every limit moved, so tat > now.
    redis.call('SET', KEYS[i], string.format('%d', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000))
  end
end
return reply
