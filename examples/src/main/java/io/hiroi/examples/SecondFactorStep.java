package io.hiroi.examples;

import io.hiroi.auth.AuthFactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sign-in between its first factor (password, magic link) and its second (a TOTP code or a
 * recovery code): the user is not signed in yet, and no session exists. The browser holds a random
 * 256-bit token in the short {@code __Host-signin} cookie; only its SHA-256 is kept here, with the
 * user who passed the first factor, so the second factor is only ever checked for that user.
 * {@link #complete} is single-use (one atomic remove), a pending sign-in lives {@link #TTL} and
 * takes at most {@link #MAX_FAILURES} wrong codes. In memory: this is the app's own stand-in
 * until hiroi-auth's {@code SignInChallenges} replaces it (same shape: begin, subject, failed,
 * complete). Thread-safe; share one instance.
 */
final class SecondFactorStep {
  static final String COOKIE = "__Host-signin";
  static final Duration TTL = Duration.ofMinutes(5);
  static final int MAX_FAILURES = 5;
  static final int MAX_PENDING = 100_000;

  /** Why a completion was refused. */
  enum Failure { UNKNOWN, EXPIRED, SUBJECT_MISMATCH, NOT_A_SECOND_FACTOR }

  /** A finished sign-in: whom to sign in and with which factors; or why not. Immutable. */
  static final class Completion {
    final String userId;
    final Set<AuthFactor> factors;
    final Failure failure;

    private Completion(String userId, Set<AuthFactor> factors, Failure failure) {
      this.userId = userId;
      this.factors = factors;
      this.failure = failure;
    }

    boolean isSuccess() {
      return failure == null;
    }

    @Override
    public String toString() {
      return isSuccess() ? "Completion{" + userId + ", " + factors + "}" : "Completion{" + failure + "}";
    }
  }

  private static final class Pending {
    final String userId;
    final Set<AuthFactor> factors;
    final Instant expiresAt;
    final int failures;

    Pending(String userId, Set<AuthFactor> factors, Instant expiresAt, int failures) {
      this.userId = userId;
      this.factors = factors;
      this.expiresAt = expiresAt;
      this.failures = failures;
    }
  }

  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  SecondFactorStep(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the second step for a user who passed {@code firstFactors}; returns the cookie's token. */
  String begin(String userId, Set<AuthFactor> firstFactors) {
    Objects.requireNonNull(userId, "userId");
    Instant now = clock.instant();
    if (pending.size() >= MAX_PENDING) {
      pending.values().removeIf(p -> !now.isBefore(p.expiresAt));
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Accounts.randomBytes(32));
    pending.put(hash(token), new Pending(userId, Set.copyOf(firstFactors), now.plus(TTL), 0));
    return token;
  }

  /** The user this pending sign-in is for; empty for an unknown, used, expired or malformed token. */
  Optional<String> subject(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    Pending p = pending.get(hash(token));
    return p == null || !clock.instant().isBefore(p.expiresAt) ? Optional.empty() : Optional.of(p.userId);
  }

  /** Counts a wrong code; after {@link #MAX_FAILURES} the pending sign-in is gone. Returns whether it still exists. */
  boolean failed(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Pending after = pending.computeIfPresent(hash(token), (k, p) -> p.failures + 1 >= MAX_FAILURES ? null
        : new Pending(p.userId, p.factors, p.expiresAt, p.failures + 1));
    return after != null;
  }

  /**
   * Finishes the sign-in once {@code factor} was verified for {@code provenUserId}: single-use, and
   * refused unless that user is the one who passed the first factor.
   */
  Completion complete(String token, AuthFactor factor, String provenUserId) {
    if (!factor.isSecondFactor()) {
      return new Completion(null, Set.of(), Failure.NOT_A_SECOND_FACTOR);
    }
    if (token == null || token.isEmpty()) {
      return new Completion(null, Set.of(), Failure.UNKNOWN);
    }
    Pending p = pending.remove(hash(token));
    if (p == null) {
      return new Completion(null, Set.of(), Failure.UNKNOWN);
    }
    if (!clock.instant().isBefore(p.expiresAt)) {
      return new Completion(null, Set.of(), Failure.EXPIRED);
    }
    if (!p.userId.equals(provenUserId)) {
      return new Completion(null, Set.of(), Failure.SUBJECT_MISMATCH);
    }
    EnumSet<AuthFactor> all = EnumSet.copyOf(p.factors);
    all.add(factor);
    return new Completion(p.userId, Set.copyOf(all), null);
  }

  static String setCookie(String token) {
    return COOKIE + "=" + token + "; Path=/; Max-Age=" + TTL.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
  }

  static String clearCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }
}
