-- KEYS[1] session, KEYS[2] the user's index. ARGV: id, user
-- Deletes the session only if it belongs to the user; returns 1 if it did.
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('HGET', KEYS[1], 'u') ~= ARGV[2] then
  return 0
end
return redis.call('DEL', KEYS[1])
