-- KEYS[1] the user's index, KEYS[2..] the session key of each index member the caller read just
-- before (ZRANGE order). ARGV: sessionKeyPrefix, user
-- Every key the script touches is in KEYS (all share the user's hash tag: one Cluster slot).
-- Returns -1, deleting nothing, when the index no longer holds exactly the members the caller
-- read (a session was created or ended meanwhile): the caller reads again and retries, so no
-- session created concurrently is left unindexed. Otherwise deletes every session of the user and
-- the index in one step and returns how many sessions ended.
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
  if redis.call('HGET', KEYS[i], 'u') == ARGV[2] then
    n = n + redis.call('DEL', KEYS[i])
  end
end
redis.call('DEL', KEYS[1])
return n
