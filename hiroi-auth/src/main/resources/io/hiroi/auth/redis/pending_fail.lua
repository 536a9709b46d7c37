-- KEYS[1] the pending sign-in. ARGV: maxFailures
-- Counts one failure; the one that reaches maxFailures deletes the entry. Returns the count so
-- far, or 0 if the entry is absent.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local n = redis.call('HINCRBY', KEYS[1], 'f', 1)
if n >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
end
return n
