-- hiroi-ratelimit: the time of a decision in microseconds, as every script that needs it starts.
-- LuaScript.withIncludes puts this text in place of a script's include line for it.
-- ARGV[1] is '' to use the server's TIME (DESIGN.md: replicas' clocks do not matter); tests may
-- pass a time in microseconds instead.
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
