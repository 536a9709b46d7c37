package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.SessionValidation.Failure;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side sessions: each session is a record in a {@link SessionStore}, so it can be revoked at
 * once, one at a time or all of a user's together ("sign out everywhere"), and the revocation is
 * effective on every replica sharing the store on its very next {@link #validate}. The client holds
 * only an opaque token with 256 random bits ({@link java.security.SecureRandom}); the store holds
 * only its SHA-256 (the {@linkplain Session#id() session id}), so a read of the store yields no
 * usable token. SHA-256 rather than a slow hash is enough because the token is uniformly random:
 * there is nothing to guess, and a work factor would only slow every request.
 *
 * <p>A session ends after {@linkplain Builder#idleTimeout idle time} without a validation (the
 * expiry slides with use) and at the latest at its {@linkplain Builder#absoluteTimeout absolute
 * timeout} after creation, whatever its activity. {@link #rotate} replaces the token on a change of
 * privilege (a second factor, a step-up), in one atomic store step, so a token planted before the
 * change (session fixation) stops working. Each session records when and with which {@linkplain
 * AuthFactor factors} its user last authenticated, and {@link #needsStepUp} tells whether a
 * {@linkplain SensitiveChange sensitive change} needs a fresh proof first.
 *
 * <p>Token format (51 characters, cookie-safe): {@code s1.<tag>.<43 base64url
 * characters of 32 random bytes>}, where {@code <tag>} is 4 hex characters derived from the user
 * id (the first 16 bits of its SHA-256), so that all of a user's sessions live in one Redis Cluster
 * slot and one validation is one round trip. The tag says nothing usable about the user.
 *
 * <p>With an {@linkplain Builder#audit audit log}, creations, rotations, revocations and sign
 * outs everywhere are recorded ({@link AuthAudit#SESSION_CREATED} and the following constants):
 * the user id, the client of a new session, the factors and the first 8 hex characters of the
 * session id (32 bits of a SHA-256, which neither is nor finds a token). Under {@link
 * AuthAudit#required} a session whose creation or rotation cannot be recorded is removed again.
 *
 * <p>Expected outcomes are values ({@link SessionValidation}); an unavailable store makes {@link
 * #validate} answer {@link Failure#UNAVAILABLE} (deny), and the writing operations throw {@link
 * AuthStoreException}. No token appears in any message or {@code toString}.
 *
 * <p>Immutable and thread-safe; share one instance per store.
 *
 * <pre>{@code
 * SessionManager sessions = SessionManager.builder(store).build();
 * IssuedSession issued = sessions.create(userId, Set.of(AuthFactor.PASSWORD), ClientInfo.of(ip, ua));
 * response.addHeader("Set-Cookie", cookie.setCookie(issued.token()));
 * SessionValidation v = sessions.validate(tokenFromCookie);
 * }</pre>
 */
public final class SessionManager {
  /** The default idle timeout: 30 minutes (OWASP Session Management Cheat Sheet). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** The default absolute timeout: 8 hours (OWASP Session Management Cheat Sheet). */
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(8);

  /** The default least age of a session's last-seen time before a validation writes it again: 1 minute. */
  public static final Duration DEFAULT_TOUCH_AFTER = Duration.ofMinutes(1);

  /** The default most recent authentication a sensitive change accepts: 10 minutes. */
  public static final Duration DEFAULT_STEP_UP_MAX_AGE = Duration.ofMinutes(10);

  /** The default number of sessions a user may hold; creating one more ends the oldest. */
  public static final int DEFAULT_MAX_SESSIONS_PER_USER = 50;

  /** The length of every session token, in characters. */
  public static final int TOKEN_LENGTH = 51;

  /** The longest user id accepted. */
  public static final int MAX_USER_ID_LENGTH = 256;

  private static final String PREFIX = "s1.";
  private static final Duration NEVER_TOUCH = Duration.ofDays(365L * 1000);

  private final SessionStore store;
  private final Clock clock;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Duration touchAfter;
  private final Duration stepUpMaxAge;
  private final int maxSessionsPerUser;
  private final AuthAudit audit;

  private SessionManager(Builder b) {
    this.store = b.store;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.idleTimeout = b.idleTimeout != null ? b.idleTimeout : DEFAULT_IDLE_TIMEOUT;
    this.absoluteTimeout = b.absoluteTimeout != null ? b.absoluteTimeout : DEFAULT_ABSOLUTE_TIMEOUT;
    this.touchAfter = b.touchAfter != null ? b.touchAfter : DEFAULT_TOUCH_AFTER;
    this.stepUpMaxAge = b.stepUpMaxAge != null ? b.stepUpMaxAge : DEFAULT_STEP_UP_MAX_AGE;
    this.maxSessionsPerUser = b.maxSessionsPerUser != null ? b.maxSessionsPerUser : DEFAULT_MAX_SESSIONS_PER_USER;
    this.audit = b.audit != null ? b.audit : AuthAudit.none();
    if (absoluteTimeout.compareTo(idleTimeout) < 0) {
      throw Errors.inconsistent("absoluteTimeout (" + absoluteTimeout + ") must not be shorter than idleTimeout (" + idleTimeout + ")");
    }
    if (touchAfter.multipliedBy(2).compareTo(idleTimeout) > 0) {
      throw Errors.inconsistent("touchAfter (" + touchAfter + ") must be at most half of idleTimeout (" + idleTimeout + ")");
    }
  }

  /**
   * Starts a session manager over a store.
   *
   * @param store where sessions live: {@link InMemorySessionStore} for one replica, {@link
   *     io.hiroi.auth.redis.RedisSessionStore} for several
   * @return a new builder
   * @throws NullPointerException if {@code store} is null
   */
  public static Builder builder(SessionStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Creates a session for a user who has just authenticated, with a fresh token. If the user now
   * holds more than the maximum number of sessions, the oldest ones end.
   *
   * @param userId the user, 1 to {@value #MAX_USER_ID_LENGTH} characters without control characters
   * @param factors the factors the user just authenticated with, at least one
   * @param client the client, for the user's list of devices
   * @return the session and its token (a bearer secret: set it in the cookie, never log it)
   * @throws IllegalArgumentException if the user id is invalid or {@code factors} is empty
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer, or a {@linkplain AuthAudit#required
   *     required} audit record could not be written (the session is then removed again)
   */
  public IssuedSession create(String userId, Set<AuthFactor> factors, ClientInfo client) {
    Secrets.checkIdentifier("userId", userId, MAX_USER_ID_LENGTH);
    checkFactors(factors);
    Objects.requireNonNull(client, "client");
    Instant now = clock.instant();
    String tag = tag(userId);
    String token = PREFIX + tag + "." + Secrets.randomToken();
    Session session = Session.restore(id(token), userId, now, now, now.plus(absoluteTimeout), now, factors, client);
    store.create(tag, session, idleTimeout, maxSessionsPerUser);
    if (!audit.record(AuthAudit.SESSION_CREATED, AuditEvent.SUCCESS, userId, client, sessionAttributes(session))) {
      store.remove(tag, session.id(), userId);
      throw Errors.auditFailed(AuthAudit.SESSION_CREATED);
    }
    return new IssuedSession(token, session);
  }

  /**
   * Validates a session token from a cookie and slides the session's idle expiry. Never throws
   * for a bad token or an unavailable store: each is a {@link Failure}.
   *
   * @param token the cookie's value, as received
   * @return the live session, or why there is none
   * @throws NullPointerException if {@code token} is null
   */
  public SessionValidation validate(String token) {
    Objects.requireNonNull(token, "token");
    if (!wellFormed(token)) {
      return SessionValidation.invalid(Failure.MALFORMED);
    }
    try {
      return lookUp(token, clock.instant());
    } catch (AuthStoreException e) {
      return SessionValidation.invalid(Failure.UNAVAILABLE);
    }
  }

  /** Finds and touches a well-formed token's session; throws when the store cannot answer. */
  private SessionValidation lookUp(String token, Instant now) {
    Optional<Session> found = store.findAndTouch(tagOf(token), id(token), now, idleTimeout, touchAfter);
    if (found.isEmpty()) {
      return SessionValidation.invalid(Failure.UNKNOWN);
    }
    Session s = found.get();
    if (!now.isBefore(s.expiresAt())) {
      return SessionValidation.invalid(Failure.ABSOLUTE_TIMEOUT);
    }
    if (!now.isBefore(s.lastSeenAt().plus(idleTimeout))) {
      return SessionValidation.invalid(Failure.IDLE_TIMEOUT);
    }
    return SessionValidation.valid(s);
  }

  /**
   * Replaces a live session's token after a change of privilege (a second factor passed, a
   * step-up), recording the new authentication time and factors. The old token stops working in
   * the same atomic step; the creation time, and so the absolute timeout, are kept.
   *
   * @param token the current token
   * @param factors the factors the user just authenticated with, at least one
   * @return the session under its new token, or empty if the token was not a live session
   * @throws IllegalArgumentException if {@code factors} is empty
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer, or a {@linkplain AuthAudit#required
   *     required} audit record could not be written (the session has then ended)
   */
  public Optional<IssuedSession> rotate(String token, Set<AuthFactor> factors) {
    Objects.requireNonNull(token, "token");
    checkFactors(factors);
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    SessionValidation current = lookUp(token, now);
    if (!current.isValid()) {
      return Optional.empty();
    }
    Session old = current.session().orElseThrow();
    String tag = tagOf(token);
    String fresh = PREFIX + tag + "." + Secrets.randomToken();
    Session replacement =
        Session.restore(id(fresh), old.userId(), old.createdAt(), now, old.expiresAt(), now, factors, old.client());
    if (!store.replace(tag, old.id(), replacement, idleTimeout)) {
      return Optional.empty();
    }
    if (!audit.record(AuthAudit.SESSION_ROTATED, AuditEvent.SUCCESS, old.userId(), null, sessionAttributes(replacement))) {
      store.remove(tag, replacement.id(), old.userId());
      throw Errors.auditFailed(AuthAudit.SESSION_ROTATED);
    }
    return Optional.of(new IssuedSession(fresh, replacement));
  }

  /**
   * Ends the session of a token (sign out).
   *
   * @param token the token, as received
   * @return {@code true} if a session ended (false for a malformed, unknown or expired token)
   * @throws NullPointerException if {@code token} is null
   * @throws AuthStoreException if the store cannot answer
   */
  public boolean revoke(String token) {
    Objects.requireNonNull(token, "token");
    if (!wellFormed(token)) {
      return false;
    }
    String tag = tagOf(token);
    String id = id(token);
    Optional<Session> found = store.findAndTouch(tag, id, clock.instant(), idleTimeout, NEVER_TOUCH);
    return found.isPresent() && revoked(store.remove(tag, id, found.get().userId()), found.get().userId(), id);
  }

  private boolean revoked(boolean ended, String userId, String sessionId) {
    if (ended) {
      audit.note(AuthAudit.SESSION_REVOKED, AuditEvent.SUCCESS, userId, null, Map.of("session", sessionId.substring(0, 8)));
    }
    return ended;
  }

  private static Map<String, Object> sessionAttributes(Session s) {
    StringBuilder factors = new StringBuilder();
    for (AuthFactor f : s.factors()) {
      factors.append(factors.length() == 0 ? "" : ",").append(f.name().toLowerCase(java.util.Locale.ROOT));
    }
    return Map.of("session", s.id().substring(0, 8), "factors", factors.toString());
  }

  /**
   * Ends one of a user's sessions by its id, for a "your devices" page. A session of another user
   * is left alone.
   *
   * @param userId the signed-in user
   * @param sessionId the {@linkplain Session#id() id} of one of their sessions
   * @return {@code true} if the session ended
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer
   */
  public boolean revoke(String userId, String sessionId) {
    Secrets.checkIdentifier("userId", userId, MAX_USER_ID_LENGTH);
    Objects.requireNonNull(sessionId, "sessionId");
    if (!Session.isId(sessionId)) {
      return false;
    }
    return revoked(store.remove(tag(userId), sessionId, userId), userId, sessionId);
  }

  /**
   * Ends every session of a user at once ("sign out everywhere"; after a password reset). The
   * next validation of any of them, on any replica sharing the store, fails.
   *
   * @param userId the user
   * @return how many sessions ended
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if {@code userId} is null
   * @throws AuthStoreException if the store cannot answer
   */
  public int revokeAll(String userId) {
    Secrets.checkIdentifier("userId", userId, MAX_USER_ID_LENGTH);
    int ended = store.removeAll(tag(userId), userId);
    audit.note(AuthAudit.SESSIONS_REVOKED_ALL, AuditEvent.SUCCESS, userId, null, Map.of("count", (long) ended));
    return ended;
  }

  /**
   * Ends every session of a user but one ("sign out other devices"; after a second factor is
   * removed or reset), in one atomic step on the hiroi stores. The next validation of any of them,
   * on any replica sharing the store, fails; the kept one goes on working.
   *
   * @param userId the user
   * @param keepSessionId the {@linkplain Session#id() id} of the session to keep, normally the
   *     current one; a session of another user, or an id of no session, keeps nothing
   * @return how many sessions ended
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer
   */
  public int revokeAllExcept(String userId, String keepSessionId) {
    Secrets.checkIdentifier("userId", userId, MAX_USER_ID_LENGTH);
    Objects.requireNonNull(keepSessionId, "keepSessionId");
    String keep = Session.isId(keepSessionId) ? keepSessionId : "";
    int ended = keep.isEmpty() ? store.removeAll(tag(userId), userId) : store.removeAllExcept(tag(userId), userId, keep);
    audit.note(
        AuthAudit.SESSIONS_REVOKED_ALL,
        AuditEvent.SUCCESS,
        userId,
        null,
        Map.of("count", (long) ended, "kept", keep.isEmpty() ? "" : keep.substring(0, 8)));
    return ended;
  }

  /**
   * Lists a user's live sessions, newest first, for a "your devices" page (creation and last-seen
   * time, IP address, user agent).
   *
   * @param userId the user
   * @return the live sessions
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if {@code userId} is null
   * @throws AuthStoreException if the store cannot answer
   */
  public List<Session> sessions(String userId) {
    Secrets.checkIdentifier("userId", userId, MAX_USER_ID_LENGTH);
    Instant now = clock.instant();
    List<Session> live = new ArrayList<>();
    for (Session s : store.list(tag(userId), userId)) {
      if (s.userId().equals(userId) && now.isBefore(s.expiresAt()) && now.isBefore(s.lastSeenAt().plus(idleTimeout))) {
        live.add(s);
      }
    }
    live.sort(Comparator.comparing(Session::createdAt).reversed().thenComparing(Session::id));
    return List.copyOf(live);
  }

  /**
   * Tells whether a sensitive change needs the user to authenticate again first: when the
   * session's last authentication is older than the step-up maximum age, or when the user has a
   * second factor, the change is one that {@linkplain SensitiveChange#needsSecondFactor() needs
   * it}, and the last authentication did not use one. After the user re-authenticates, call
   * {@link #rotate} with the factors used.
   *
   * @param session a session from {@link #validate}
   * @param change the change about to be made
   * @param secondFactorEnrolled whether the user has a second factor (TOTP, passkey)
   * @return {@code true} if the change must wait for a fresh authentication
   * @throws NullPointerException if an argument is null
   */
  public boolean needsStepUp(Session session, SensitiveChange change, boolean secondFactorEnrolled) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(change, "change");
    Instant now = clock.instant();
    if (session.authenticatedAt().plus(stepUpMaxAge).isBefore(now) || session.authenticatedAt().isAfter(now)) {
      return true;
    }
    if (secondFactorEnrolled && change.needsSecondFactor()) {
      return session.factors().stream().noneMatch(AuthFactor::isSecondFactor);
    }
    return false;
  }

  /** The routing tag of a user: the first 16 bits of SHA-256(user id), as 4 hex characters. */
  static String tag(String userId) {
    return Secrets.sha256Hex(userId).substring(0, 4);
  }

  private static String tagOf(String token) {
    return token.substring(3, 7);
  }

  private static String id(String token) {
    return Secrets.hex(Secrets.sha256(token.getBytes(StandardCharsets.US_ASCII)));
  }

  static boolean wellFormed(String token) {
    if (token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX) || token.charAt(7) != '.') {
      return false;
    }
    for (int i = 3; i < 7; i++) {
      char c = token.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return Secrets.isTokenPart(token, 8);
  }

  private static void checkFactors(Set<AuthFactor> factors) {
    Objects.requireNonNull(factors, "factors");
    if (factors.isEmpty()) {
      throw Errors.outOfRange("factors", "at least one factor", "empty");
    }
    EnumSet.copyOf(factors); // rejects null elements
  }

  @Override
  public String toString() {
    return "SessionManager[idleTimeout="
        + idleTimeout
        + ", absoluteTimeout="
        + absoluteTimeout
        + ", touchAfter="
        + touchAfter
        + ", stepUpMaxAge="
        + stepUpMaxAge
        + ", maxSessionsPerUser="
        + maxSessionsPerUser
        + ", store="
        + store
        + "]";
  }

  /**
   * Configures a {@link SessionManager}. Each setter checks its argument at once and may be
   * called once; {@link #build()} checks that the timeouts fit together.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final SessionStore store;
    private Clock clock;
    private Duration idleTimeout;
    private Duration absoluteTimeout;
    private Duration touchAfter;
    private Duration stepUpMaxAge;
    private Integer maxSessionsPerUser;
    private AuthAudit audit;

    private Builder(SessionStore store) {
      this.store = store;
    }

    /**
     * Sets how long a session may go unused. Default {@link #DEFAULT_IDLE_TIMEOUT}.
     *
     * @param idleTimeout 1 minute to 30 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = check("idleTimeout", this.idleTimeout, idleTimeout, Duration.ofMinutes(1), Duration.ofDays(30));
      return this;
    }

    /**
     * Sets how long a session lives at most after its creation, whatever its use. Default {@link
     * #DEFAULT_ABSOLUTE_TIMEOUT}.
     *
     * @param absoluteTimeout 1 minute to 400 days, at least the idle timeout
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout =
          check("absoluteTimeout", this.absoluteTimeout, absoluteTimeout, Duration.ofMinutes(1), Duration.ofDays(400));
      return this;
    }

    /**
     * Sets how old a session's last-seen time must be before a validation writes it again (the
     * idle expiry slides in steps of this size, saving a write on most requests). Default {@link
     * #DEFAULT_TOUCH_AFTER}.
     *
     * @param touchAfter zero to 1 hour, at most half the idle timeout
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder touchAfter(Duration touchAfter) {
      this.touchAfter = check("touchAfter", this.touchAfter, touchAfter, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets how recent the last authentication must be for a sensitive change. Default {@link
     * #DEFAULT_STEP_UP_MAX_AGE}.
     *
     * @param stepUpMaxAge 1 minute to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder stepUpMaxAge(Duration stepUpMaxAge) {
      this.stepUpMaxAge = check("stepUpMaxAge", this.stepUpMaxAge, stepUpMaxAge, Duration.ofMinutes(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how many sessions one user may hold; creating one more ends the oldest. Default {@value
     * #DEFAULT_MAX_SESSIONS_PER_USER}.
     *
     * @param maxSessionsPerUser 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxSessionsPerUser(int maxSessionsPerUser) {
      if (maxSessionsPerUser < 1 || maxSessionsPerUser > 1000) {
        throw Errors.outOfRange("maxSessionsPerUser", "between 1 and 1000", maxSessionsPerUser);
      }
      if (this.maxSessionsPerUser != null) {
        throw Errors.settingTwice("maxSessionsPerUser");
      }
      this.maxSessionsPerUser = maxSessionsPerUser;
      return this;
    }

    /**
     * Sets where session events are recorded. Default {@link AuthAudit#none()}.
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
     * Builds the manager.
     *
     * @return an immutable, thread-safe manager
     * @throws IllegalArgumentException if the absolute timeout is shorter than the idle timeout,
     *     or the touch interval longer than half the idle timeout
     */
    public SessionManager build() {
      return new SessionManager(this);
    }

    private static Duration check(String setting, Duration current, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, setting);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw Errors.durationRange(setting, min, max, value);
      }
      if (current != null) {
        throw Errors.settingTwice(setting);
      }
      return value;
    }

    @Override
    public String toString() {
      return "SessionManager.Builder";
    }
  }
}
