package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Recovery codes for a second factor: {@link #generate} draws {@value #DEFAULT_COUNT} codes (by
 * default) of {@value #CODE_BITS} random bits each ({@link java.security.SecureRandom}), written in
 * Crockford's base32 (digits and upper-case letters without {@code I}, {@code L}, {@code O}, {@code
 * U}) as {@code XXXX-XXXX-XXXX-XXXX}, shows them once, and stores only their hashes, replacing the
 * user's previous set in one atomic step (the old codes stop working everywhere). {@link #redeem}
 * accepts each code once, atomically across replicas ({@link RecoveryCodeStore}); of many
 * concurrent uses of one code exactly one succeeds.
 *
 * <p>Entered codes are normalized first: case, spaces and dashes are ignored, and {@code I}/{@code
 * L} read as {@code 1}, {@code O} as {@code 0} (Crockford's rule), so a code read off paper works.
 *
 * <p>Why SHA-256 and not a password hash or a keyed hash: each code is {@value #CODE_BITS} uniformly
 * random bits, so even an offline attacker with the database must try about 2<sup>79</sup> SHA-256
 * per code, far beyond reach; a salt or work factor defends low-entropy input (passwords). The
 * hash covers a version label and the user id, so equal hashes never match across users and no
 * table can be precomputed for all users. Codes shorter than this (GitHub's 40 bits) would need a
 * keyed hash to resist an offline search. Comparison against stored hashes is constant-time in
 * memory, and a lookup by hash on Redis (see {@link io.hiroi.auth.redis.RedisRecoveryCodeStore}).
 *
 * <p>Throttle redemption like a password (an {@code AuthThrottle} per user and per client), and
 * treat a successful redemption as the second factor: sign the user in and suggest a new set.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class RecoveryCodes {
  /** Codes per set, unless configured. */
  public static final int DEFAULT_COUNT = 10;

  /** Random bits per code. */
  public static final int CODE_BITS = 80;

  /** Characters per code, without dashes. */
  public static final int CODE_CHARS = CODE_BITS / 5;

  /** The longest input {@link #redeem} looks at; longer input is {@code MALFORMED}. */
  static final int MAX_INPUT_CHARS = 64;

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final String HASH_LABEL = "hiroi-recovery-code-v1";

  private final RecoveryCodeStore store;
  private final int count;

  private RecoveryCodes(RecoveryCodeStore store, int count) {
    this.store = store;
    this.count = count;
  }

  /**
   * Creates the service with {@value #DEFAULT_COUNT} codes per set.
   *
   * @param store where the hashes are kept ({@link InMemoryRecoveryCodeStore}, {@link
   *     io.hiroi.auth.redis.RedisRecoveryCodeStore})
   * @return the service
   * @throws NullPointerException if {@code store} is null
   */
  public static RecoveryCodes create(RecoveryCodeStore store) {
    return create(store, DEFAULT_COUNT);
  }

  /**
   * Creates the service.
   *
   * @param store where the hashes are kept
   * @param count codes per set, 1 to 50
   * @return the service
   * @throws IllegalArgumentException if {@code count} is out of range
   * @throws NullPointerException if {@code store} is null
   */
  public static RecoveryCodes create(RecoveryCodeStore store, int count) {
    Objects.requireNonNull(store, "store");
    if (count < 1 || count > 50) {
      throw Errors.outOfRange("count", "between 1 and 50", count);
    }
    return new RecoveryCodes(store, count);
  }

  /**
   * Draws a new set of codes for a user and stores their hashes, replacing (invalidating) the
   * previous set.
   *
   * @param userId the user, 1 to {@value SessionManager#MAX_USER_ID_LENGTH} characters without control characters
   * @return the codes, to show once
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if {@code userId} is null
   * @throws AuthStoreException if the store cannot save them (the previous set then still holds)
   */
  public RecoveryCodeSet generate(String userId) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    List<String> codes = new ArrayList<>(count);
    Set<String> hashes = new LinkedHashSet<>();
    while (codes.size() < count) {
      String code = newCode();
      if (hashes.add(hash(userId, code))) {
        codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-" + code.substring(12));
      }
    }
    store.replace(userKey(userId), hashes);
    return new RecoveryCodeSet(codes);
  }

  /**
   * Uses one of a user's codes: a right, unused code is used up.
   *
   * @param userId the user
   * @param code the code as entered
   * @return valid once per code, or why not
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   */
  public RecoveryCodeRedemption redeem(String userId, String code) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    String normalized = normalize(Objects.requireNonNull(code, "code"));
    if (normalized == null) {
      return RecoveryCodeRedemption.failed(RecoveryCodeRedemption.Failure.MALFORMED);
    }
    try {
      return store.consume(userKey(userId), hash(userId, normalized))
          ? RecoveryCodeRedemption.valid()
          : RecoveryCodeRedemption.failed(RecoveryCodeRedemption.Failure.WRONG_CODE);
    } catch (AuthStoreException e) {
      return RecoveryCodeRedemption.failed(RecoveryCodeRedemption.Failure.UNAVAILABLE);
    }
  }

  /**
   * Counts a user's unused codes (to suggest a new set when few are left).
   *
   * @param userId the user
   * @return how many remain
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if {@code userId} is null
   * @throws AuthStoreException if the store cannot answer
   */
  public int remaining(String userId) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    return store.remaining(userKey(userId));
  }

  /**
   * Removes all of a user's codes (the second factor was turned off).
   *
   * @param userId the user
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if {@code userId} is null
   * @throws AuthStoreException if the store cannot answer
   */
  public void revokeAll(String userId) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    store.replace(userKey(userId), Set.of());
  }

  /** The canonical {@value #CODE_CHARS} characters of an entered code, or null if it cannot be one. */
  static String normalize(String entered) {
    if (entered.length() > MAX_INPUT_CHARS) {
      return null;
    }
    StringBuilder out = new StringBuilder(CODE_CHARS);
    for (int i = 0; i < entered.length(); i++) {
      char c = entered.charAt(i);
      if (c == ' ' || c == '-' || c == '\t') {
        continue;
      }
      if (c > 0x7f) {
        return null;
      }
      char u = Character.toUpperCase(c);
      if (u == 'I' || u == 'L') {
        u = '1';
      } else if (u == 'O') {
        u = '0';
      }
      if (ALPHABET.indexOf(u) < 0) {
        return null;
      }
      out.append(u);
    }
    return out.length() == CODE_CHARS ? out.toString() : null;
  }

  private static String newCode() {
    byte[] random = Secrets.randomBytes(CODE_BITS / 8);
    try {
      return TotpService.base32(random, ALPHABET);
    } finally {
      java.util.Arrays.fill(random, (byte) 0);
    }
  }

  static String hash(String userId, String normalizedCode) {
    return Secrets.sha256Hex(HASH_LABEL + "\n" + userId + "\n" + normalizedCode.toUpperCase(Locale.ROOT));
  }

  static String userKey(String userId) {
    return Secrets.sha256Hex(userId);
  }

  @Override
  public String toString() {
    return "RecoveryCodes[count=" + count + ", " + store + "]";
  }
}
