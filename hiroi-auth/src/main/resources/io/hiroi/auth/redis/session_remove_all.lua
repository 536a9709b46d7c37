-- KEYS[1] the user's index, KEYS[2..] the session key of each index member the caller read just
-- before (ZRANGE order). ARGV: sessionKeyPrefix, user, keepId (empty: keep none)
-- Every key the script touches is in KEYS (all share the user's hash tag: one Cluster slot).
-- Returns -1, deleting nothing, when the index no longer holds exactly the members the caller
-- read (a session was created or ended meanwhile): the caller reads again and retries, so no
-- session created concurrently is left unindexed. Otherwise deletes every session of the user
-- but the one kept, in one step, drops them from the index (the index itself when it is left
-- empty) and returns how many sessions ended.
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
if #members ~= #KEYS - 1 then
  return -1
end
for i, m in ipairs(members) do
  if KEYS[i + 1] ~= ARGV[1] .. m then
    return -1
  end
end
local n = 0
for i = 2, #KEYS do
  local m = members[i - 1]
  if ARGV[3] == '' or m ~= ARGV[3] then
    if redis.call('HGET', KEYS[i], 'u') == ARGV[2] then
      n = n + redis.call('DEL', KEYS[i])
    end
    redis.call('ZREM', KEYS[1], m)
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
end
return n
