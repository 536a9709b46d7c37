package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.SignInCompletion.Failure;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The step between a first factor (password, magic link, password reset) and a second one (TOTP,
 * passkey, recovery code) for a user who has a second factor. {@link #begin} records who passed
 * the first factor and hands out a token; no session exists yet, so the user is not signed in.
 * {@link #complete} finishes the sign-in only for that same user: the host passes the user whose
 * second factor it verified (the subject, whose TOTP secret it checked; the owner {@link
 * PasskeyService#finishAuthentication} returned; the owner of the recovery code), and any other
 * user is {@link Failure#SUBJECT_MISMATCH}, so a TOTP code or passkey of user B never completes
 * user A's sign-in.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A pending sign-in completes at most once, under concurrency and across replicas: {@link
 *       #complete} takes it out of the store in one atomic step ({@link PendingSignInStore#take})
 *       before anything else, so of concurrent completions one wins and the others see {@link
 *       Failure#UNKNOWN}. A completion that fails for a mismatch, an expiry or a missing audit
 *       record has used it up as well: the user starts again with the first factor.
 *   <li>It lives {@linkplain Builder#ttl a short time} (default {@link #DEFAULT_TTL}, at most
 *       {@link #MAX_TTL}).
 *   <li>Second-factor attempts are bounded per pending sign-in, under concurrency and across
 *       replicas: the host reserves each with {@link #attempt} <em>before</em> it checks the
 *       factor (one atomic count in the store), so at most {@linkplain Builder#maxFailures N}
 *       factors are ever checked per pending sign-in; it reports a wrong one with {@link #failed}
 *       (the N-th ends it) and a right one with {@link #complete}. This bound is kept
 *       beside the TOTP and passkey throttles (per user and client) because those reset with a
 *       new client address, whereas this one follows the sign-in itself.
 *   <li>The token carries 256 random bits ({@link java.security.SecureRandom}); the store keeps
 *       its SHA-256 only. No token appears in any message, {@code toString} or audit event.
 *   <li>Bad input never throws: a malformed, unknown, used or expired token is an empty {@link
 *       #subject}, a refused {@link SignInAttempt} or a failed {@link SignInCompletion}; an
 *       unavailable store denies ({@link Failure#UNAVAILABLE}).
 * </ul>
 *
 * <p>Audit events: {@link AuthAudit#SECOND_FACTOR_REQUIRED} on {@link #begin}, {@link
 * AuthAudit#SECOND_FACTOR_SUCCEEDED} on completion (under {@link AuthAudit#required} a completion
 * whose record cannot be written is {@link Failure#AUDIT_UNAVAILABLE}), {@link
 * AuthAudit#SECOND_FACTOR_FAILED} for a mismatch, an expiry or a reported wrong attempt. Each
 * names the challenge by the first 8 hex characters of its token's hash only.
 *
 * <p>Immutable and thread-safe; share one instance per store.
 *
 * <pre>{@code
 * PendingSignIn p = challenges.begin(userId, Set.of(AuthFactor.PASSWORD), client);
 * // later, with p.token() back from the cookie:
 * SignInAttempt a = challenges.attempt(token);              // counted before any check
 * if (!a.isAllowed()) { ... start again (or, for UNAVAILABLE, try later) ... }
 * String whose = a.subject().orElseThrow();                 // check this user's TOTP code
 * if (!codeOk) { int left = challenges.failed(a, client); ... }
 * SignInCompletion c = challenges.complete(token, AuthFactor.TOTP, whose, client);
 * IssuedSession s = sessions.create(c.userId().orElseThrow(), c.factors(), client);
 * }</pre>
 */
public final class SignInChallenges {
  /** The default lifetime of a pending sign-in. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** The shortest lifetime accepted. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);

  /** The longest lifetime accepted. */
  public static final Duration MAX_TTL = Duration.ofMinutes(15);

  /** The default number of wrong second-factor attempts that ends a pending sign-in. */
  public static final int DEFAULT_MAX_FAILURES = 5;

  /** The length of every token, in characters. */
  public static final int TOKEN_LENGTH = 46;

  /** How long past its expiry an entry is kept, so that a late completion reports {@link Failure#EXPIRED}. */
  static final Duration EXPIRED_GRACE = Duration.ofMinutes(1);

  private static final String PREFIX = "p1.";

  private final PendingSignInStore store;
  private final Clock clock;
  private final Duration ttl;
  private final int maxFailures;
  private final AuthAudit audit;

  private SignInChallenges(Builder b) {
    this.store = b.store;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.ttl = b.ttl != null ? b.ttl : DEFAULT_TTL;
    this.maxFailures = b.maxFailures != null ? b.maxFailures : DEFAULT_MAX_FAILURES;
    this.audit = b.audit != null ? b.audit : AuthAudit.none();
  }

  /**
   * Starts a configuration over a store.
   *
   * @param store {@link InMemoryPendingSignInStore} for one replica, {@link
   *     io.hiroi.auth.redis.RedisPendingSignInStore} for several
   * @return a new builder
   * @throws NullPointerException if {@code store} is null
   */
  public static Builder builder(PendingSignInStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Records that a user passed their first factor and must now pass a second one. The user is
   * not signed in.
   *
   * @param userId the user, 1 to {@value SessionManager#MAX_USER_ID_LENGTH} characters without
   *     control characters
   * @param firstFactors the factors just passed: at least one, none a second factor
   * @param client the client, for the audit record
   * @return the pending sign-in and its token
   * @throws IllegalArgumentException if the user id is invalid, or {@code firstFactors} is empty or
   *     holds a second factor
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer or is full
   */
  public PendingSignIn begin(String userId, Set<AuthFactor> firstFactors, ClientInfo client) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(firstFactors, "firstFactors");
    Objects.requireNonNull(client, "client");
    if (firstFactors.isEmpty()) {
      throw Errors.outOfRange("firstFactors", "at least one factor", "empty");
    }
    EnumSet<AuthFactor> first = EnumSet.copyOf(firstFactors);
    for (AuthFactor f : first) {
      if (f.isSecondFactor()) {
        throw Errors.outOfRange("firstFactors", "first factors only (PASSWORD, MAGIC_LINK, FEDERATED)", f);
      }
    }
    String token = PREFIX + Secrets.randomToken();
    String key = Secrets.sha256Hex(token);
    Instant expiresAt = clock.instant().plus(ttl);
    store.put(key, expiresAt.toEpochMilli() + "|" + names(first) + "|" + userId, ttl.plus(EXPIRED_GRACE));
    audit.note(AuthAudit.SECOND_FACTOR_REQUIRED, AuditEvent.SUCCESS, userId, client, attributes(key, "factors", lower(first)));
    return new PendingSignIn(token, expiresAt);
  }

  /**
   * Tells who a pending sign-in is for, to show a page (for example the second-factor form). Reads
   * only and counts nothing: never check a second factor after this call alone, since any number
   * of concurrent requests pass it before the first wrong attempt is reported; reserve the attempt
   * with {@link #attempt} first. Never throws for a bad token or an unavailable store.
   *
   * @param token the token as received (from the cookie)
   * @return the user who passed the first factor, or empty when the token is malformed, unknown,
   *     used, expired, or the store cannot answer
   * @throws NullPointerException if {@code token} is null
   */
  public Optional<String> subject(String token) {
    Objects.requireNonNull(token, "token");
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    Optional<String> value;
    try {
      value = store.get(Secrets.sha256Hex(token));
    } catch (AuthStoreException e) {
      return Optional.empty();
    }
    return value.map(Pending::parse).filter(p -> p != null && clock.instant().isBefore(p.expiresAt)).map(p -> p.userId);
  }

  /**
   * Finishes a pending sign-in after the host verified a second factor. Succeeds once, for the
   * same user who passed the first factor; every later or concurrent call fails. Never throws for
   * a bad token or an unavailable store.
   *
   * @param token the token as received
   * @param secondFactor the factor the host verified: {@link AuthFactor#TOTP}, {@link
   *     AuthFactor#PASSKEY} or {@link AuthFactor#RECOVERY_CODE}
   * @param provenUserId the user whose second factor was verified (for a passkey: the owner the
   *     assertion's verification returned)
   * @param client the client, for the audit record
   * @return the user and the factors for {@link SessionManager#create}, or why not
   * @throws NullPointerException if an argument is null
   */
  public SignInCompletion complete(String token, AuthFactor secondFactor, String provenUserId, ClientInfo client) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(secondFactor, "secondFactor");
    Objects.requireNonNull(provenUserId, "provenUserId");
    Objects.requireNonNull(client, "client");
    if (!secondFactor.isSecondFactor()) {
      return SignInCompletion.failed(Failure.NOT_A_SECOND_FACTOR);
    }
    if (!wellFormed(token)) {
      return SignInCompletion.failed(Failure.MALFORMED);
    }
    String key = Secrets.sha256Hex(token);
    Optional<String> value;
    try {
      value = store.take(key);
    } catch (AuthStoreException e) {
      return SignInCompletion.failed(Failure.UNAVAILABLE);
    }
    if (value.isEmpty()) {
      return SignInCompletion.failed(Failure.UNKNOWN);
    }
    Pending p = Pending.parse(value.get());
    if (p == null) {
      return SignInCompletion.failed(Failure.UNAVAILABLE); // a foreign record: fail closed
    }
    String factor = secondFactor.name().toLowerCase(Locale.ROOT);
    if (!clock.instant().isBefore(p.expiresAt)) {
      audit.note(AuthAudit.SECOND_FACTOR_FAILED, AuditEvent.FAILURE, p.userId, client, attributes(key, "reason", "expired", "factor", factor));
      return SignInCompletion.failed(Failure.EXPIRED);
    }
    if (!p.userId.equals(provenUserId)) {
      audit.note(
          AuthAudit.SECOND_FACTOR_FAILED,
          AuditEvent.DENIED,
          p.userId,
          client,
          attributes(key, "reason", "subject_mismatch", "factor", factor, "proven_by", provenUserId));
      return SignInCompletion.failed(Failure.SUBJECT_MISMATCH);
    }
    EnumSet<AuthFactor> all = EnumSet.copyOf(p.factors);
    all.add(secondFactor);
    if (!audit.record(AuthAudit.SECOND_FACTOR_SUCCEEDED, AuditEvent.SUCCESS, p.userId, client, attributes(key, "factor", factor, "factors", lower(all)))) {
      return SignInCompletion.failed(Failure.AUDIT_UNAVAILABLE);
    }
    return SignInCompletion.completed(p.userId, all);
  }

  /**
   * Reserves one second-factor attempt on a pending sign-in, before the host checks the factor:
   * the attempt is counted in one atomic store step ({@link PendingSignInStore#fail}), so of any
   * number of concurrent attempts on one pending sign-in, on any number of replicas, at most
   * {@linkplain Builder#maxFailures N} are ever allowed and the next one ends it. Check the factor
   * of {@link SignInAttempt#subject()} only when {@linkplain SignInAttempt#isAllowed() allowed};
   * then report a wrong one with {@link #failed} or finish with {@link #complete}. A right factor
   * on the N-th attempt still completes. Never throws for a bad token or an unavailable store.
   *
   * @param token the token as received (from the cookie)
   * @return the allowed attempt and whose factor to check, or why none may be checked
   * @throws NullPointerException if {@code token} is null
   */
  public SignInAttempt attempt(String token) {
    Objects.requireNonNull(token, "token");
    if (!wellFormed(token)) {
      return SignInAttempt.refused(Failure.MALFORMED);
    }
    String key = Secrets.sha256Hex(token);
    Optional<String> value;
    long count;
    try {
      value = store.get(key); // whose factor: a pending sign-in's user never changes
      if (value.isEmpty()) {
        return SignInAttempt.refused(Failure.UNKNOWN);
      }
      // The count is the one atomic step. maxFailures + 1: attempts 1..N are allowed and keep the
      // entry (a right factor on the N-th still completes); the N+1-th is refused and removes it.
      count = store.fail(key, maxFailures + 1);
    } catch (AuthStoreException e) {
      return SignInAttempt.refused(Failure.UNAVAILABLE);
    }
    if (count == 0 || count > maxFailures) {
      return SignInAttempt.refused(Failure.UNKNOWN); // completed, ended or used up meanwhile
    }
    Pending p = Pending.parse(value.get());
    if (p == null) {
      return SignInAttempt.refused(Failure.UNAVAILABLE); // a foreign record: fail closed
    }
    if (!clock.instant().isBefore(p.expiresAt)) {
      return SignInAttempt.refused(Failure.EXPIRED);
    }
    return SignInAttempt.allowed(key, p.userId, (int) (maxFailures - count), count);
  }

  /**
   * Reports that the factor checked in an {@linkplain #attempt allowed attempt} was wrong (a wrong
   * TOTP code, a failed passkey assertion, an unknown recovery code). The attempt was already
   * counted by {@link #attempt}; this records it in the audit log and, when it was the last one,
   * ends the pending sign-in. Does nothing for an attempt that was not allowed. Never throws for
   * an unavailable store (the next attempt is refused in any case once the bound is reached).
   *
   * @param attempt the attempt from {@link #attempt}
   * @param client the client, for the audit record
   * @return how many attempts are left ({@link SignInAttempt#attemptsLeft()}); 0 when the pending
   *     sign-in has ended and the user must start again from the first factor
   * @throws NullPointerException if an argument is null
   */
  public int failed(SignInAttempt attempt, ClientInfo client) {
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(client, "client");
    if (!attempt.isAllowed()) {
      return 0;
    }
    int left = attempt.attemptsLeft();
    if (left == 0) {
      try {
        store.take(attempt.key());
      } catch (AuthStoreException e) {
        // the entry's count is already at the bound: the next attempt is refused and removes it
      }
    }
    audit.note(
        AuthAudit.SECOND_FACTOR_FAILED,
        AuditEvent.FAILURE,
        attempt.subject().orElseThrow(),
        client,
        attributes(attempt.key(), "reason", "wrong_factor", "failures", attempt.attemptNumber(), "ended", left == 0));
    return left;
  }

  static boolean wellFormed(String token) {
    return token.length() == TOKEN_LENGTH && token.startsWith(PREFIX) && Secrets.isTokenPart(token, PREFIX.length());
  }

  private static Map<String, Object> attributes(String key, Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("challenge", key.substring(0, 8));
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static String names(Set<AuthFactor> factors) {
    StringBuilder out = new StringBuilder();
    for (AuthFactor f : factors) {
      out.append(out.length() == 0 ? "" : ",").append(f.name());
    }
    return out.toString();
  }

  private static String lower(Set<AuthFactor> factors) {
    return names(factors).toLowerCase(Locale.ROOT);
  }

  /** A stored pending sign-in: {@code <expiry millis>|<FACTOR,...>|<user id>}. */
  private static final class Pending {
    final Instant expiresAt;
    final EnumSet<AuthFactor> factors;
    final String userId;

    private Pending(Instant expiresAt, EnumSet<AuthFactor> factors, String userId) {
      this.expiresAt = expiresAt;
      this.factors = factors;
      this.userId = userId;
    }

    /** Parses a record, or returns null for one this class did not write. */
    static Pending parse(String value) {
      int a = value.indexOf('|');
      int b = a < 0 ? -1 : value.indexOf('|', a + 1);
      if (b < 0 || b == value.length() - 1) {
        return null;
      }
      try {
        EnumSet<AuthFactor> factors = EnumSet.noneOf(AuthFactor.class);
        for (String name : value.substring(a + 1, b).split(",", -1)) {
          factors.add(AuthFactor.valueOf(name));
        }
        return new Pending(Instant.ofEpochMilli(Long.parseLong(value.substring(0, a))), factors, value.substring(b + 1));
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "SignInChallenges[ttl=" + ttl + ", maxFailures=" + maxFailures + ", store=" + store + "]";
  }

  /**
   * Configures {@link SignInChallenges}. Each setter checks its argument at once and may be called
   * once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final PendingSignInStore store;
    private Clock clock;
    private Duration ttl;
    private Integer maxFailures;
    private AuthAudit audit;

    private Builder(PendingSignInStore store) {
      this.store = store;
    }

    /**
     * Sets how long a pending sign-in lives. Default {@link #DEFAULT_TTL}.
     *
     * @param ttl {@link #MIN_TTL} to {@link #MAX_TTL}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (this.ttl != null) {
        throw Errors.settingTwice("ttl");
      }
      if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw Errors.durationRange("ttl", MIN_TTL, MAX_TTL, ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets how many second-factor attempts ({@link #attempt}) a pending sign-in allows; the
     * last one, if wrong ({@link #failed}), ends it. Default
     * {@value #DEFAULT_MAX_FAILURES}.
     *
     * @param maxFailures 1 to 20
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxFailures(int maxFailures) {
      if (maxFailures < 1 || maxFailures > 20) {
        throw Errors.outOfRange("maxFailures", "between 1 and 20", maxFailures);
      }
      if (this.maxFailures != null) {
        throw Errors.settingTwice("maxFailures");
      }
      this.maxFailures = maxFailures;
      return this;
    }

    /**
     * Sets where second-factor events are recorded. Default {@link AuthAudit#none()}.
     *
     * @param audit the audit log and its policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder audit(AuthAudit audit) {
      Objects.requireNonNull(audit, "audit");
      if (this.audit != null) {
        throw Errors.settingTwice("audit");
      }
      this.audit = audit;
      return this;
    }

    /**
     * Sets the clock. Default {@link Clock#systemUTC()}; tests pass a clock they move.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw Errors.settingTwice("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     */
    public SignInChallenges build() {
      return new SignInChallenges(this);
    }
  }
}
