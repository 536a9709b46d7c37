package io.hiroi.auth;

import java.util.Set;

/**
 * Holds the hashes of each user's unused recovery codes, the port a backend implements ({@link
 * InMemoryRecoveryCodeStore}, {@link io.hiroi.auth.redis.RedisRecoveryCodeStore}) for {@link
 * RecoveryCodes}. Both writes are one atomic step: {@link #replace} swaps a user's whole set, so
 * after it returns no old code works on any replica, and {@link #consume} removes one hash only if
 * it is there, so of any number of concurrent uses of one code, on any number of replicas,
 * exactly one succeeds.
 *
 * <p>Why a port and not the host's repository: single use needs a compare-and-delete, which the
 * store does in one operation ({@code SREM} on Redis, a map {@code compute} in memory); a
 * read-then-delete in the host's code would let two replicas both accept a code.
 *
 * <p>Implementations are thread-safe; share one instance.
 */
public interface RecoveryCodeStore {
  /**
   * Replaces every hash of a user with a new set, atomically.
   *
   * @param userKey the user's key (hex of a hash of the user id; never the id itself)
   * @param hashes the new hashes (hex); empty removes the user's codes
   * @throws AuthStoreException if the store cannot answer or is full
   */
  void replace(String userKey, Set<String> hashes);

  /**
   * Removes one hash of a user, if it is there, atomically.
   *
   * @param userKey the user's key
   * @param hash the hash of the entered code
   * @return {@code true} if this call removed it (the one accepted use)
   * @throws AuthStoreException if the store cannot answer
   */
  boolean consume(String userKey, String hash);

  /**
   * Counts a user's unused codes.
   *
   * @param userKey the user's key
   * @return how many hashes remain, 0 for an unknown user
   * @throws AuthStoreException if the store cannot answer
   */
  int remaining(String userKey);
}
