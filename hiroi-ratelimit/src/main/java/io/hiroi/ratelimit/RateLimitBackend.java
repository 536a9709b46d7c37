package io.hiroi.ratelimit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The port behind which rate-limit state lives: {@link InMemoryRateLimitBackend} (one JVM) or
 * {@code io.hiroi.ratelimit.redis.RedisRateLimitBackend} (several replicas). The algorithms'
 * decisions are made by {@link RateLimiter}, {@link ConcurrencyLimiter} and {@link AuthThrottle};
 * a backend only stores and updates state atomically. Share one backend between all of them.
 *
 * <p>Every operation is atomic for its key, across threads and, for Redis, across replicas. A
 * {@code tag} is a {@link RateLimitKey#value()}: every storage key one operation touches carries
 * it (as a Redis Cluster hash tag), so an operation never spans slots. An operation that cannot
 * be carried out completes its stage exceptionally; the callers turn that into
 * {@link Outcome#UNAVAILABLE}. Times are microseconds since the epoch by the backend's clock (the
 * Redis server's {@code TIME} for Redis).
 *
 * <p>Implementations are thread-safe. hiroi's own two pass one contract suite; a host that writes
 * its own should run that suite too.
 */
public interface RateLimitBackend {
  /**
   * GCRA: for each named limit, reads its theoretical arrival time (TAT; absent means now), and
   * when {@code max(tat, now) + permits * interval - now <= tolerance} holds for every limit,
   * stores {@code max(tat, now) + permits * interval} for every limit (expiring when it passes);
   * otherwise stores nothing.
   *
   * @param tag the key's text
   * @param names one storage name per limit, unique within the backend
   * @param intervals each limit's emission interval in microseconds
   * @param tolerances each limit's tolerance (burst x interval) in microseconds
   * @param permits how many permits to spend, at least 1
   * @return {@code [allowed ? 1 : 0, now, tat_1 ... tat_n]} where each tat is the stored value
   *     after the call (when allowed) or {@code max(tat, now)} before it (when not)
   */
  CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits);

  /**
   * Takes a lease if fewer than {@code maxLeases} unexpired leases exist for the name.
   *
   * @param tag the key's text
   * @param name the cap's storage name
   * @param leaseId a random id for the new lease
   * @param maxLeases the cap
   * @param ttlMicros how long the lease lasts unless renewed
   * @return {@code [granted ? 1 : 0, unexpired leases after the call]}
   */
  CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros);

  /**
   * Extends an unexpired lease to {@code ttlMicros} from now.
   *
   * @param tag the key's text
   * @param name the cap's storage name
   * @param leaseId the lease
   * @param ttlMicros the new time to live
   * @return whether the lease still existed and was extended
   */
  CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros);

  /**
   * Gives a lease back; does nothing when it expired or was given back already.
   *
   * @param tag the key's text
   * @param name the cap's storage name
   * @param leaseId the lease
   * @return completes when done
   */
  CompletionStage<Void> releaseLease(String tag, String name, String leaseId);

  /**
   * Counts one more failure and remembers now as the last one; the count is forgotten
   * {@code forgetMicros} after the last failure.
   *
   * @param tag the key's text
   * @param name the throttle's storage name
   * @param forgetMicros how long after the last failure the count is forgotten
   * @return {@code [failures after the call, now]}
   */
  CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros);

  /**
   * Reads the failure count.
   *
   * @param tag the key's text
   * @param name the throttle's storage name
   * @return {@code [failures, time of the last failure (0 when none), now]}
   */
  CompletionStage<long[]> failures(String tag, String name);

  /**
   * Forgets the failures.
   *
   * @param tag the key's text
   * @param name the throttle's storage name
   * @return completes when done
   */
  CompletionStage<Void> resetFailures(String tag, String name);
}
