/**
 * Rate-limit benchmarks: hiroi's GCRA {@code RateLimiter} beside Bucket4j (its local bucket and its
 * Lettuce compare-and-swap proxy manager), in memory and on the same embedded Redis.
 */
package io.hiroi.benchmarks.ratelimit;
