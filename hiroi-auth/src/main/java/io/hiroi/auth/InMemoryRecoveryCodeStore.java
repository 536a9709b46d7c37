package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link RecoveryCodeStore}, for a single replica: a map from user key to an
 * immutable set of hashes, changed only through {@code compute}, so a replacement and a use of
 * one user never interleave. Bounded (default {@value #DEFAULT_MAX_USERS} users): a new user
 * beyond the bound is refused with {@link AuthStoreException} rather than another user's codes
 * forgotten. A hash is matched against every stored hash of the user with {@link
 * MessageDigest#isEqual}, whatever the earlier results.
 *
 * <p>Thread-safe; share one instance.
 */
public final class InMemoryRecoveryCodeStore implements RecoveryCodeStore {
  /** The default number of users whose codes are held. */
  public static final int DEFAULT_MAX_USERS = 100_000;

  private final int maxUsers;
  private final ConcurrentHashMap<String, Set<String>> codes = new ConcurrentHashMap<>();

  private InMemoryRecoveryCodeStore(int maxUsers) {
    this.maxUsers = maxUsers;
  }

  /**
   * Creates a store for {@value #DEFAULT_MAX_USERS} users.
   *
   * @return the store
   */
  public static InMemoryRecoveryCodeStore create() {
    return create(DEFAULT_MAX_USERS);
  }

  /**
   * Creates a store.
   *
   * @param maxUsers 1 to 10 000 000
   * @return the store
   * @throws IllegalArgumentException if out of range
   */
  public static InMemoryRecoveryCodeStore create(int maxUsers) {
    if (maxUsers < 1 || maxUsers > 10_000_000) {
      throw Errors.outOfRange("maxUsers", "between 1 and 10000000", maxUsers);
    }
    return new InMemoryRecoveryCodeStore(maxUsers);
  }

  /** What is held for a user key, exactly as stored: for tests. */
  Set<String> held(String userKey) {
    return codes.getOrDefault(userKey, Set.of());
  }

  @Override
  public void replace(String userKey, Set<String> hashes) {
    Objects.requireNonNull(userKey, "userKey");
    Set<String> copy = Set.copyOf(hashes);
    if (copy.isEmpty()) {
      codes.remove(userKey);
      return;
    }
    if (!codes.containsKey(userKey) && codes.size() >= maxUsers) {
      throw Errors.full("users' recovery codes", maxUsers);
    }
    codes.put(userKey, copy);
  }

  @Override
  public boolean consume(String userKey, String hash) {
    byte[] wanted = hash.getBytes(StandardCharsets.US_ASCII);
    boolean[] removed = {false};
    codes.computeIfPresent(userKey, (k, set) -> {
      String match = null;
      for (String h : set) {
        if (MessageDigest.isEqual(h.getBytes(StandardCharsets.US_ASCII), wanted)) {
          match = h;
        }
      }
      if (match == null) {
        return set;
      }
      removed[0] = true;
      String used = match;
      Set<String> rest = Set.copyOf(set.stream().filter(h -> !h.equals(used)).toList());
      return rest.isEmpty() ? null : rest;
    });
    return removed[0];
  }

  @Override
  public int remaining(String userKey) {
    Set<String> set = codes.get(userKey);
    return set == null ? 0 : set.size();
  }

  @Override
  public String toString() {
    return "InMemoryRecoveryCodeStore[users=" + codes.size() + ", maxUsers=" + maxUsers + "]";
  }
}
