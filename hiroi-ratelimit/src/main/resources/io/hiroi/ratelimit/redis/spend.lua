-- hiroi-ratelimit: GCRA over one or more limits of one key, all or nothing (Gcra.java in Lua).
-- KEYS: one per limit, all with the key's hash tag. ARGV[1]: '' to use the server's TIME (tests
-- may pass a time in microseconds), ARGV[2]: permits, then per limit: interval, tolerance (µs).
-- Returns {allowed 1|0, now, tat_1 .. tat_n}.
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local permits = tonumber(ARGV[2])
local reply = {0, now}
local allowed = 1
for i = 1, #KEYS do
  local interval = tonumber(ARGV[1 + 2 * i])
  local tolerance = tonumber(ARGV[2 + 2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or 0)
  if tat < now then
    tat = now
  end
  reply[2 + i] = tat
  if tat + permits * interval - now > tolerance then
    allowed = 0
  end
end
if allowed == 1 then
  for i = 1, #KEYS do
    local tat = reply[2 + i] + permits * tonumber(ARGV[1 + 2 * i])
    reply[2 + i] = tat
    -- tat needs %d (a Lua number of 16 digits may print in exponent form); the PX value is a
    -- small whole number, which Redis writes plainly.
    redis.call('SET', KEYS[i], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000))
  end
end
reply[1] = allowed
return reply
