package io.hiroi.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Where {@link OneTimeTokens} keeps outstanding tokens: the port a backend implements ({@link
 * InMemoryOneTimeTokenStore}, {@link io.hiroi.auth.redis.RedisOneTimeTokenStore}). Keys are hashes
 * of tokens, never tokens. {@link #take} is one atomic get-and-delete, so that of any number of
 * concurrent calls for one key, on any number of replicas, exactly one gets the value.
 *
 * <p>Implementations are thread-safe; share one instance. Every method throws {@link
 * AuthStoreException} when the store cannot answer.
 */
public interface OneTimeTokenStore {
  /**
   * Stores a value under a new key; the entry may disappear by itself after {@code ttl}.
   *
   * @param key the key (64 lowercase hex characters)
   * @param value the value
   * @param ttl how long to keep it at least
   * @throws AuthStoreException if the store cannot answer or is full
   */
  void put(String key, String value, Duration ttl);

  /**
   * Removes a key and returns its value, in one atomic step.
   *
   * @param key the key
   * @return the value, or empty if the key was absent (never stored, taken, or dropped)
   * @throws AuthStoreException if the store cannot answer
   */
  Optional<String> take(String key);
}
