package io.hiroi.auth;

import java.time.Duration;

/**
 * Remembers which TOTP codes were used, so that {@link TotpService} accepts each code once (RFC
 * 6238, section 5.2): the port a backend implements ({@link InMemoryTotpReplayGuard}, {@link
 * io.hiroi.auth.redis.RedisTotpReplayGuard}). {@link #firstUse} is one atomic step, so of any
 * number of concurrent uses of one code, on any number of replicas, exactly one is first.
 *
 * <p>Implementations are thread-safe; share one instance.
 */
public interface TotpReplayGuard {
  /**
   * Marks a key used, if it was not already.
   *
   * @param key the key (hex; it names a user and a time step, never a code or a secret)
   * @param ttl how long to remember it at least
   * @return {@code true} if this call marked it (the first use)
   * @throws AuthStoreException if the store cannot answer or is full
   */
  boolean firstUse(String key, Duration ttl);
}
