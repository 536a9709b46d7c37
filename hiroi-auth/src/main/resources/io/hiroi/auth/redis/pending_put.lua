-- KEYS[1] the pending sign-in. ARGV: value, ttl in milliseconds
-- Stores the value with no failures counted, expiring by itself after the ttl.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'f', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
