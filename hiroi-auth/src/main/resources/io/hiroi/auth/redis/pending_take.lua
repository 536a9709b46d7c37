-- KEYS[1] the pending sign-in. Returns its value and deletes it, in one step; nil if absent.
local v = redis.call('HGET', KEYS[1], 'v')
if v then
  redis.call('DEL', KEYS[1])
end
return v
