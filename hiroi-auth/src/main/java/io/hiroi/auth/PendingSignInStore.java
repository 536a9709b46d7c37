package io.hiroi.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Where {@link SignInChallenges} keeps pending sign-ins (first factor done, second factor
 * outstanding): the port a backend implements ({@link InMemoryPendingSignInStore}, {@link
 * io.hiroi.auth.redis.RedisPendingSignInStore}). Keys are SHA-256 hashes of tokens, never tokens.
 * {@link #take} and {@link #fail} are each one atomic step, so that of any number of concurrent
 * calls for one key, on any number of replicas, exactly one {@code take} gets the value, and no
 * failure is counted twice or lost.
 *
 * <p>Implementations are thread-safe; share one instance. Every method throws {@link
 * AuthStoreException} when the store cannot answer.
 */
public interface PendingSignInStore {
  /**
   * Stores a value under a new key, with no failures counted; the entry disappears by itself
   * after {@code ttl}.
   *
   * @param key the key (64 lowercase hex characters)
   * @param value the value
   * @param ttl how long to keep it
   * @throws AuthStoreException if the store cannot answer or is full
   */
  void put(String key, String value, Duration ttl);

  /**
   * Reads a value without removing it.
   *
   * @param key the key
   * @return the value, or empty if absent (never stored, taken, dropped or expired)
   * @throws AuthStoreException if the store cannot answer
   */
  Optional<String> get(String key);

  /**
   * Removes a key and returns its value, in one atomic step.
   *
   * @param key the key
   * @return the value, or empty if the key was absent
   * @throws AuthStoreException if the store cannot answer
   */
  Optional<String> take(String key);

  /**
   * Counts one failed attempt against a key, in one atomic step; the attempt that reaches {@code
   * maxFailures} removes the entry.
   *
   * @param key the key
   * @param maxFailures the number of failures that ends the entry, at least 1
   * @return the number of failures counted so far including this one, or 0 if the key was absent
   * @throws AuthStoreException if the store cannot answer
   */
  long fail(String key, int maxFailures);
}
