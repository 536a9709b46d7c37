-- KEYS[1] the user's index. ARGV: sessionKeyPrefix, user
-- Deletes every session of the user and the index in one step; returns how many sessions ended.
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local n = 0
for _, m in ipairs(members) do
  local key = ARGV[1] .. m
  if redis.call('HGET', key, 'u') == ARGV[2] then
    n = n + redis.call('DEL', key)
  end
end
redis.call('DEL', KEYS[1])
return n
