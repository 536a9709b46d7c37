-- hiroi-ratelimit: give a lease back. KEYS[1]: the sorted set. ARGV[1]: lease id.
return redis.call('ZREM', KEYS[1], ARGV[1])
