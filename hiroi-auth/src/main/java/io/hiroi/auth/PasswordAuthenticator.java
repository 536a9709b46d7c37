package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.PasswordCheck.Failure;
import io.hiroi.crypto.PasswordHasher;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.ThrottleDecision;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Email and password sign-in that does not reveal which emails are registered: for an unknown
 * email it still spends one Argon2id verification ({@link PasswordHasher#verifyAgainstDummy}), so
 * the two paths take about the same time, and the caller-facing result is the same {@link
 * PasswordCheck#GENERIC_FAILURE} for an unknown email, a wrong password and a throttled attempt.
 * Attempts are throttled by {@code hiroi-ratelimit}'s {@link AuthThrottle}, per account (the
 * normalised email, whether or not it exists) and per client; a throttled attempt is refused
 * before any hash is computed. After a successful sign-in whose stored hash is below the hasher's
 * parameters ({@link PasswordHasher#needsRehash}), the password is hashed again and stored through
 * {@link PasswordAccounts#updatePasswordHash}.
 *
 * <p>With an {@link AuthAudit}, every outcome is recorded: {@link AuthAudit#LOGIN_SUCCEEDED}
 * (actor: the user id), {@link AuthAudit#LOGIN_FAILED} (attribute {@code reason}: {@code
 * unknown_account} without an actor, since the email field may hold a mistyped password, or
 * {@code wrong_password} with the user id) and {@link AuthAudit#LOGIN_THROTTLED}, each with the
 * client's IP address and user agent when given. Under {@link AuthAudit#required} a sign-in whose
 * record cannot be written fails with {@link Failure#AUDIT_UNAVAILABLE}.
 *
 * <p>Immutable and thread-safe; share one instance.
 *
 * <pre>{@code
 * PasswordAuthenticator logins = PasswordAuthenticator.create(PasswordHasher.defaults(), accounts, throttle);
 * PasswordCheck check = logins.authenticate(email, password, RateLimitKey.ip(clientAddress));
 * }</pre>
 */
public final class PasswordAuthenticator {
  /** The longest email accepted; longer input fails as an unknown account (after the dummy hash). */
  public static final int MAX_EMAIL_LENGTH = 320;

  private final PasswordHasher hasher;
  private final PasswordAccounts accounts;
  private final AuthThrottle throttle;
  private final AuthAudit audit;

  private PasswordAuthenticator(PasswordHasher hasher, PasswordAccounts accounts, AuthThrottle throttle, AuthAudit audit) {
    this.hasher = hasher;
    this.accounts = accounts;
    this.throttle = throttle;
    this.audit = audit;
  }

  /**
   * Creates the authenticator.
   *
   * @param hasher the password hasher whose parameters new hashes get
   * @param accounts the host's accounts
   * @param throttle the sign-in throttle (for example {@code AuthThrottle.builder("login", backend).build()})
   * @return the authenticator
   * @throws NullPointerException if an argument is null
   */
  public static PasswordAuthenticator create(PasswordHasher hasher, PasswordAccounts accounts, AuthThrottle throttle) {
    return create(hasher, accounts, throttle, AuthAudit.none());
  }

  /**
   * Creates the authenticator, recording every outcome.
   *
   * @param hasher the password hasher whose parameters new hashes get
   * @param accounts the host's accounts
   * @param throttle the sign-in throttle
   * @param audit where outcomes are recorded, and what a failed record means
   * @return the authenticator
   * @throws NullPointerException if an argument is null
   */
  public static PasswordAuthenticator create(PasswordHasher hasher, PasswordAccounts accounts, AuthThrottle throttle, AuthAudit audit) {
    return new PasswordAuthenticator(
        Objects.requireNonNull(hasher, "hasher"),
        Objects.requireNonNull(accounts, "accounts"),
        Objects.requireNonNull(throttle, "throttle"),
        Objects.requireNonNull(audit, "audit"));
  }

  /**
   * Normalises an email address the way accounts are looked up and throttled: trimmed and
   * lower-cased ({@link Locale#ROOT}).
   *
   * @param email the address as entered
   * @return the normalised address
   * @throws NullPointerException if {@code email} is null
   */
  public static String normalizeEmail(String email) {
    return Objects.requireNonNull(email, "email").trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks an email and password.
   *
   * @param email the email as entered
   * @param password the password as entered; read, not modified, not kept (the caller zeroes it)
   * @param client the client's throttle key (normally {@link RateLimitKey#ip})
   * @return the user id, or a failure that the client must see only as {@link
   *     PasswordCheck#GENERIC_FAILURE}
   * @throws NullPointerException if an argument is null
   */
  public PasswordCheck authenticate(String email, char[] password, RateLimitKey client) {
    return authenticate(email, password, client, ClientInfo.unknown());
  }

  /**
   * Checks an email and password, recording the outcome with the client's details.
   *
   * @param email the email as entered
   * @param password the password as entered; read, not modified, not kept (the caller zeroes it)
   * @param client the client's throttle key (normally {@link RateLimitKey#ip})
   * @param clientInfo the client's IP address and user agent, for the audit record
   * @return the user id, or a failure that the client must see only as {@link
   *     PasswordCheck#GENERIC_FAILURE}
   * @throws NullPointerException if an argument is null
   */
  public PasswordCheck authenticate(String email, char[] password, RateLimitKey client, ClientInfo clientInfo) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clientInfo, "clientInfo");
    String normal = normalizeEmail(email);
    RateLimitKey account = RateLimitKey.account(normal);
    ThrottleDecision decision = throttle.check(account, client);
    if (!decision.isAllowed()) {
      Duration wait = atLeastOneSecond(decision.retryAfter());
      audit.note(
          AuthAudit.LOGIN_THROTTLED,
          AuditEvent.DENIED,
          null,
          clientInfo,
          Map.of("scope", decision.scope().name().toLowerCase(Locale.ROOT), "retry_after_s", wait.toSeconds()));
      return PasswordCheck.failed(Failure.THROTTLED, wait);
    }
    Optional<PasswordAccount> found = normal.isEmpty() || normal.length() > MAX_EMAIL_LENGTH ? Optional.empty() : accounts.findByEmail(normal);
    if (found.isEmpty()) {
      hasher.verifyAgainstDummy(password);
      ThrottleDecision after = throttle.recordFailure(account, client);
      audit.note(AuthAudit.LOGIN_FAILED, AuditEvent.FAILURE, null, clientInfo, Map.of("reason", "unknown_account"));
      return PasswordCheck.failed(Failure.UNKNOWN_ACCOUNT, after.retryAfter());
    }
    PasswordAccount a = found.get();
    if (!hasher.verify(a.passwordHash(), password)) {
      ThrottleDecision after = throttle.recordFailure(account, client);
      audit.note(AuthAudit.LOGIN_FAILED, AuditEvent.FAILURE, a.userId(), clientInfo, Map.of("reason", "wrong_password"));
      return PasswordCheck.failed(Failure.WRONG_PASSWORD, after.retryAfter());
    }
    if (!audit.record(AuthAudit.LOGIN_SUCCEEDED, AuditEvent.SUCCESS, a.userId(), clientInfo, Map.of("method", "password"))) {
      return PasswordCheck.failed(Failure.AUDIT_UNAVAILABLE, Duration.ZERO);
    }
    throttle.recordSuccess(account, client);
    if (hasher.needsRehash(a.passwordHash())) {
      accounts.updatePasswordHash(a.userId(), hasher.hash(password));
    }
    return PasswordCheck.success(a.userId());
  }

  private static Duration atLeastOneSecond(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  @Override
  public String toString() {
    return "PasswordAuthenticator[" + hasher + ", " + throttle + "]";
  }
}
