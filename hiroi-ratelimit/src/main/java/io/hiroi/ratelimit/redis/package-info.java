/**
 * The Redis backend of hiroi-ratelimit, through Lettuce (an optional dependency: add
 * {@code io.lettuce:lettuce-core} to use it): {@link io.hiroi.ratelimit.redis.RedisRateLimitBackend}.
 */
package io.hiroi.ratelimit.redis;
