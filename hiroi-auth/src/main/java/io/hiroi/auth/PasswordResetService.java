package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.IpLiterals;
import io.hiroi.crypto.PasswordHasher;
import io.hiroi.crypto.internal.PasswordBytes;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import java.nio.CharBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot my password", done so that it reveals nothing and cannot be replayed.
 *
 * <p>{@link #request} answers the same {@link PasswordResetRequest.Status#ACCEPTED} whether or
 * not the email is registered, and does the same work both ways: the account lookup, and one
 * {@linkplain TokenPurpose#PASSWORD_RESET password-reset} token issued into the token store (for
 * an unknown email under a subject no account has, and thrown away); only a registered user's
 * token goes to the {@link PasswordResetMailer}, which should queue rather than send inline.
 * Requests are limited per account (the normalised email, registered or not) and per client IP
 * through {@code hiroi-ratelimit}.
 *
 * <p>{@link #reset} checks the new password's length first, in characters and against the
 * hasher's limit in UTF-8 bytes (so a rejected password does not use the token up), then consumes the token in one atomic store step: of a token used twice, or by
 * 50 threads at once on several replicas, exactly one reset succeeds. It then hashes the new
 * password ({@link PasswordHasher}), stores it through {@link PasswordResetAccounts}, and ends
 * every session of the user ({@link SessionManager#revokeAll}). It never creates a session: the
 * user signs in afterwards, and {@link PasswordReset#secondFactorRequired()} tells the host that
 * this sign-in must still pass the user's second factor. Attempts are limited per client IP.
 *
 * <p>Events ({@link AuthAudit}): {@link AuthAudit#PASSWORD_RESET_REQUESTED} (actor: the user id
 * when registered; attribute {@code registered}), {@link AuthAudit#PASSWORD_RESET_THROTTLED},
 * {@link AuthAudit#PASSWORD_RESET_FAILED} (attribute {@code reason}), {@link
 * AuthAudit#PASSWORD_RESET_COMPLETED} and, from the session manager, {@link
 * AuthAudit#SESSIONS_REVOKED_ALL}. Under {@link AuthAudit#required} the completion is recorded
 * before the password changes, and a reset whose record cannot be written changes no password;
 * its token is used up all the same (it was consumed before the record could name the user), so
 * the user asks for a new link. A failure of {@link PasswordAccounts#updatePasswordHash}
 * after the completion was recorded is followed by a {@code PASSWORD_RESET_FAILED} record
 * ({@code reason=update_failed}) before the exception goes on to the caller.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class PasswordResetService {
  /** The default shortest new password, in characters (NIST SP 800-63B). */
  public static final int DEFAULT_MIN_PASSWORD_LENGTH = 8;

  /** The default longest new password, in characters (NIST SP 800-63B asks for at least 64). */
  public static final int DEFAULT_MAX_PASSWORD_LENGTH = 128;

  /** The subject of the tokens issued for unregistered emails, which nobody receives; a reserved user id. */
  static final String NO_ACCOUNT = "hiroi:no-account";

  private static final Logger LOG = LoggerFactory.getLogger(PasswordResetService.class);

  private final OneTimeTokens tokens;
  private final SessionManager sessions;
  private final PasswordResetAccounts accounts;
  private final PasswordHasher hasher;
  private final PasswordResetMailer mailer;
  private final RateLimiter perAccount;
  private final RateLimiter perClient;
  private final AuthAudit audit;
  private final Duration tokenTtl;
  private final int minLength;
  private final int maxLength;

  private PasswordResetService(Builder b) {
    this.tokens = b.tokens;
    this.sessions = b.sessions;
    this.accounts = b.accounts;
    this.hasher = b.hasher;
    this.mailer = b.mailer;
    this.perAccount = b.perAccount;
    this.perClient = b.perClient;
    this.audit = b.audit != null ? b.audit : AuthAudit.none();
    this.tokenTtl = b.tokenTtl != null ? b.tokenTtl : TokenPurpose.PASSWORD_RESET.defaultTtl();
    this.minLength = b.minLength != null ? b.minLength : DEFAULT_MIN_PASSWORD_LENGTH;
    this.maxLength = b.maxLength != null ? b.maxLength : DEFAULT_MAX_PASSWORD_LENGTH;
    if (minLength > maxLength) {
      throw Errors.inconsistent("minPasswordLength (" + minLength + ") must not exceed maxPasswordLength (" + maxLength + ")");
    }
  }

  /**
   * Starts a configuration.
   *
   * @param tokens the one-time tokens (their store is shared by every replica)
   * @param sessions the session manager whose sessions a reset ends
   * @param accounts the host's accounts
   * @param hasher the password hasher for new hashes
   * @param mailer sends the link to registered users
   * @return a new builder; {@link Builder#rateLimits} is required
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(
      OneTimeTokens tokens, SessionManager sessions, PasswordResetAccounts accounts, PasswordHasher hasher, PasswordResetMailer mailer) {
    return new Builder(
        Objects.requireNonNull(tokens, "tokens"),
        Objects.requireNonNull(sessions, "sessions"),
        Objects.requireNonNull(accounts, "accounts"),
        Objects.requireNonNull(hasher, "hasher"),
        Objects.requireNonNull(mailer, "mailer"));
  }

  /**
   * Handles "send me a reset link". Never throws for an unknown email, a throttled client or an
   * unavailable store.
   *
   * @param email the email as entered
   * @param client the client's IP address (for the per-client limit and the audit record) and user agent
   * @return {@link PasswordResetRequest.Status#ACCEPTED} whether or not the email is registered
   * @throws NullPointerException if an argument is null
   */
  public PasswordResetRequest request(String email, ClientInfo client) {
    Objects.requireNonNull(client, "client");
    String normal = PasswordAuthenticator.normalizeEmail(email);
    Decision byAccount = perAccount.tryAcquire(RateLimitKey.account(normal));
    Decision byClient = byAccount.isAllowed() ? perClient.tryAcquire(clientKey(client)) : byAccount;
    if (!byAccount.isAllowed() || !byClient.isAllowed()) {
      Duration wait = atLeastOneSecond(byAccount.isAllowed() ? byClient.retryAfter() : byAccount.retryAfter());
      audit.note(AuthAudit.PASSWORD_RESET_THROTTLED, AuditEvent.DENIED, null, client, Map.of("step", "request"));
      return PasswordResetRequest.of(PasswordResetRequest.Status.THROTTLED, wait);
    }
    Optional<PasswordAccount> found =
        normal.isEmpty() || normal.length() > PasswordAuthenticator.MAX_EMAIL_LENGTH ? Optional.empty() : accounts.findByEmail(normal);
    String subject = found.map(PasswordAccount::userId).orElse(NO_ACCOUNT);
    String token;
    try {
      token = tokens.issue(TokenPurpose.PASSWORD_RESET, subject, tokenTtl);
    } catch (AuthStoreException e) {
      return PasswordResetRequest.of(PasswordResetRequest.Status.UNAVAILABLE, Duration.ofSeconds(1));
    } catch (IllegalArgumentException e) {
      // A user id the token store cannot carry (too long, control characters): as unknown, but the host must know.
      LOG.error("reset request: the account's user id is not usable as a link subject ({}); no link was sent", e.getClass().getSimpleName());
      found = Optional.empty();
      token = null;
    }
    if (found.isPresent() && token != null) {
      try {
        mailer.sendResetLink(normal, found.get().userId(), token);
      } catch (RuntimeException e) {
        LOG.error("reset request: the mailer failed ({}); the request was answered as usual", e.getClass().getSimpleName());
      }
    }
    audit.note(
        AuthAudit.PASSWORD_RESET_REQUESTED,
        AuditEvent.SUCCESS,
        found.map(PasswordAccount::userId).orElse(null),
        client,
        Map.of("registered", found.isPresent()));
    return PasswordResetRequest.of(PasswordResetRequest.Status.ACCEPTED, Duration.ZERO);
  }

  /**
   * Sets a new password with a token from a reset link, and ends every session of the user.
   *
   * @param token the token from the link, as received
   * @param newPassword the new password; read, not modified, not kept (the caller zeroes it)
   * @param client the client's IP address (for the per-client limit and the audit record) and user agent
   * @return the outcome; on success the user must sign in (with their second factor if {@link
   *     PasswordReset#secondFactorRequired()})
   * @throws NullPointerException if an argument is null
   */
  public PasswordReset reset(String token, char[] newPassword, ClientInfo client) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(newPassword, "newPassword");
    Objects.requireNonNull(client, "client");
    Decision byClient = perClient.tryAcquire(clientKey(client));
    if (!byClient.isAllowed()) {
      audit.note(AuthAudit.PASSWORD_RESET_THROTTLED, AuditEvent.DENIED, null, client, Map.of("step", "reset"));
      return PasswordReset.failed(PasswordReset.Failure.THROTTLED, atLeastOneSecond(byClient.retryAfter()));
    }
    PasswordReset.Failure weak = checkLength(newPassword);
    if (weak != null) {
      audit.note(AuthAudit.PASSWORD_RESET_FAILED, AuditEvent.FAILURE, null, client, Map.of("reason", weak.name().toLowerCase(java.util.Locale.ROOT)));
      return PasswordReset.failed(weak, Duration.ZERO);
    }
    TokenConsumption used = tokens.consume(TokenPurpose.PASSWORD_RESET, token);
    if (!used.isValid() || used.subject().get().equals(NO_ACCOUNT)) {
      TokenConsumption.Failure why = used.failure().orElse(TokenConsumption.Failure.UNKNOWN);
      if (why == TokenConsumption.Failure.UNAVAILABLE) {
        return PasswordReset.failed(PasswordReset.Failure.UNAVAILABLE, Duration.ofSeconds(1));
      }
      audit.note(AuthAudit.PASSWORD_RESET_FAILED, AuditEvent.FAILURE, null, client, Map.of("reason", "invalid_token"));
      return PasswordReset.invalidToken(why);
    }
    String userId = used.subject().get();
    String hash;
    try {
      hash = hasher.hash(newPassword);
    } catch (IllegalArgumentException e) {
      audit.note(AuthAudit.PASSWORD_RESET_FAILED, AuditEvent.FAILURE, userId, client, Map.of("reason", "password_too_long"));
      return PasswordReset.failed(PasswordReset.Failure.PASSWORD_TOO_LONG, Duration.ZERO);
    }
    boolean secondFactor = accounts.hasSecondFactor(userId);
    if (!audit.record(AuthAudit.PASSWORD_RESET_COMPLETED, AuditEvent.SUCCESS, userId, client, Map.of("second_factor", secondFactor))) {
      return PasswordReset.failed(PasswordReset.Failure.AUDIT_UNAVAILABLE, Duration.ZERO);
    }
    try {
      accounts.updatePasswordHash(userId, hash);
    } catch (RuntimeException e) {
      audit.note(AuthAudit.PASSWORD_RESET_FAILED, AuditEvent.FAILURE, userId, client, Map.of("reason", "update_failed"));
      throw e;
    }
    int ended;
    try {
      ended = sessions.revokeAll(userId);
    } catch (AuthStoreException e) {
      LOG.error("reset: the new credential is stored but the sessions could not be ended ({})", e.getClass().getSimpleName());
      return PasswordReset.sessionsNotRevoked(userId, secondFactor);
    }
    return PasswordReset.completed(userId, secondFactor, ended);
  }

  /**
   * Length bounds in characters, the hasher's own limit in UTF-8 bytes (checked here so that a
   * password the hasher would refuse does not use the token up), and no unpaired surrogate (which
   * no hasher accepts); null when fine.
   */
  private PasswordReset.Failure checkLength(char[] password) {
    long utf8Bytes = PasswordBytes.utf8Length(CharBuffer.wrap(password));
    if (utf8Bytes == PasswordBytes.MALFORMED) {
      return PasswordReset.Failure.PASSWORD_TOO_LONG; // not encodable: refused like an over-long one
    }
    int length = Character.codePointCount(password, 0, password.length);
    if (length < minLength) {
      return PasswordReset.Failure.PASSWORD_TOO_SHORT;
    }
    return length > maxLength || utf8Bytes > hasher.maxPasswordBytes() ? PasswordReset.Failure.PASSWORD_TOO_LONG : null;
  }

  static RateLimitKey clientKey(ClientInfo client) {
    return IpLiterals.parse(client.ipAddress()).map(RateLimitKey::ip).orElseGet(() -> RateLimitKey.of("ip", "unknown"));
  }

  private static Duration atLeastOneSecond(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  @Override
  public String toString() {
    return "PasswordResetService[minPasswordLength=" + minLength + ", maxPasswordLength=" + maxLength + ", tokenTtl=" + tokenTtl + ", " + audit + "]";
  }

  /**
   * Configures a {@link PasswordResetService}. Each setter may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final OneTimeTokens tokens;
    private final SessionManager sessions;
    private final PasswordResetAccounts accounts;
    private final PasswordHasher hasher;
    private final PasswordResetMailer mailer;
    private RateLimiter perAccount;
    private RateLimiter perClient;
    private AuthAudit audit;
    private Duration tokenTtl;
    private Integer minLength;
    private Integer maxLength;

    private Builder(
        OneTimeTokens tokens, SessionManager sessions, PasswordResetAccounts accounts, PasswordHasher hasher, PasswordResetMailer mailer) {
      this.tokens = tokens;
      this.sessions = sessions;
      this.accounts = accounts;
      this.hasher = hasher;
      this.mailer = mailer;
    }

    /**
     * Sets the rate limits (required): requests are limited per account (the normalised email)
     * and per client IP, reset attempts per client IP; for example {@code
     * RateLimiter.builder("reset-account", backend).limit(Limit.perHour("reset", 3)).build()} and
     * one of 20 per hour per client. A limiter whose backend is down refuses (fail closed).
     *
     * @param perAccount the limiter keyed by {@link RateLimitKey#account}
     * @param perClient the limiter keyed by {@link RateLimitKey#ip}
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if an argument is null
     */
    public Builder rateLimits(RateLimiter perAccount, RateLimiter perClient) {
      Objects.requireNonNull(perAccount, "perAccount");
      Objects.requireNonNull(perClient, "perClient");
      if (this.perAccount != null) {
        throw Errors.settingTwice("rateLimits");
      }
      this.perAccount = perAccount;
      this.perClient = perClient;
      return this;
    }

    /**
     * Sets where reset events are recorded. Default {@link AuthAudit#none()}.
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
     * Sets how long a reset link works. Default {@link TokenPurpose#PASSWORD_RESET}'s 1 hour.
     *
     * @param ttl {@link OneTimeTokens#MIN_TTL} to 24 hours
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder tokenTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "tokenTtl");
      if (ttl.compareTo(OneTimeTokens.MIN_TTL) < 0 || ttl.compareTo(Duration.ofHours(24)) > 0) {
        throw Errors.durationRange("tokenTtl", OneTimeTokens.MIN_TTL, Duration.ofHours(24), ttl);
      }
      if (this.tokenTtl != null) {
        throw Errors.settingTwice("tokenTtl");
      }
      this.tokenTtl = ttl;
      return this;
    }

    /**
     * Sets the bounds of a new password's length in characters (code points). Default {@value
     * #DEFAULT_MIN_PASSWORD_LENGTH} to {@value #DEFAULT_MAX_PASSWORD_LENGTH}; the hasher's own byte
     * limit applies as well.
     *
     * @param min 1 to 256
     * @param max {@code min} to 4096
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder passwordLength(int min, int max) {
      if (min < 1 || min > 256) {
        throw Errors.outOfRange("minPasswordLength", "between 1 and 256", min);
      }
      if (max < min || max > 4096) {
        throw Errors.outOfRange("maxPasswordLength", "between minPasswordLength (" + min + ") and 4096", max);
      }
      if (this.minLength != null) {
        throw Errors.settingTwice("passwordLength");
      }
      this.minLength = min;
      this.maxLength = max;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return an immutable, thread-safe service
     * @throws IllegalStateException if {@link #rateLimits} was not set
     */
    public PasswordResetService build() {
      if (perAccount == null) {
        throw Errors.missing("rateLimits");
      }
      return new PasswordResetService(this);
    }

    @Override
    public String toString() {
      return "PasswordResetService.Builder";
    }
  }
}
