/**
 * Rate limits, connection caps and authentication throttling that fail closed: {@link
 * io.hiroi.ratelimit.RateLimiter} (GCRA, several limits checked together in one backend call),
 * {@link io.hiroi.ratelimit.ConcurrencyLimiter} (leases that expire when their holder dies) and
 * {@link io.hiroi.ratelimit.AuthThrottle} (escalating back-off per account and per client), over
 * the in-memory backend {@link io.hiroi.ratelimit.InMemoryRateLimitBackend} or Redis
 * ({@code io.hiroi.ratelimit.redis}).
 */
package io.hiroi.ratelimit;
