-- hiroi-ratelimit: forget a failure count. KEYS[1]: the key's hash.
return redis.call('DEL', KEYS[1])
