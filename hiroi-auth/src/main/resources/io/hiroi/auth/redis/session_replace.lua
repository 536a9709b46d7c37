-- KEYS[1] old session, KEYS[2] new session, KEYS[3] the user's index
-- ARGV: oldId, newId, user, created, lastSeen, expires, authenticated, factors, ip, ua, ttlMillis
-- Returns 0 when the old session is gone or belongs to someone else; otherwise the old id stops
-- working in the same step as the new one starts, and returns 1.
if redis.call('HGET', KEYS[1], 'u') ~= ARGV[3] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[2], 'u', ARGV[3], 'c', ARGV[4], 'l', ARGV[5], 'x', ARGV[6], 't', ARGV[7], 'f', ARGV[8], 'ip', ARGV[9], 'ua', ARGV[10])
redis.call('PEXPIRE', KEYS[2], ARGV[11])
-- Add before removing, so the index (and its lifetime, which covers this session's) is kept.
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
