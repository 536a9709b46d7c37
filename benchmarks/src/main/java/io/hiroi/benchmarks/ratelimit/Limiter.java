package io.hiroi.benchmarks.ratelimit;

/**
 * The adapter each rate-limiter implementation sits behind (STYLE rule 33). An implementation is
 * built for a fixed set of keys, all under the same limit, and decides one permit for one of them.
 */
interface Limiter extends AutoCloseable {
  /**
   * Spends one permit of key number {@code key}.
   *
   * @param key from 0 to the number of keys the limiter was built for, less one
   * @return whether the permit was granted
   */
  boolean tryAcquire(int key);

  /**
   * Returns how many decisions were not real answers (hiroi's {@code UNAVAILABLE}: the backend
   * timed out), which would make a throughput figure meaningless; Bucket4j has none.
   *
   * @return the count since the limiter was built
   */
  long unavailable();

  @Override
  void close();

  /**
   * Closes what an implementation opened for itself (its Redis client), if anything.
   *
   * @param owned the resource, or {@code null}
   */
  static void closeOwned(AutoCloseable owned) {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the Redis client failed", e);
      }
    }
  }
}
