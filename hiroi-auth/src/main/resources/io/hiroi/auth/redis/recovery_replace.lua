-- Replaces a user's recovery-code hashes in one step (RedisRecoveryCodeStore.replace).
-- KEYS[1] the user's set; ARGV the new hashes (none: the user's codes are removed).
redis.call('DEL', KEYS[1])
if #ARGV > 0 then
  redis.call('SADD', KEYS[1], unpack(ARGV))
end
return #ARGV
