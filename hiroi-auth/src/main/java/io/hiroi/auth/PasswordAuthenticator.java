package io.hiroi.auth;

import io.hiroi.auth.PasswordCheck.Failure;
import io.hiroi.crypto.PasswordHasher;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.ThrottleDecision;
import java.time.Duration;
import java.util.Locale;
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
 * <p>Not done yet: recording the outcomes through hiroi-audit.
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

  private PasswordAuthenticator(PasswordHasher hasher, PasswordAccounts accounts, AuthThrottle throttle) {
    this.hasher = hasher;
    this.accounts = accounts;
    this.throttle = throttle;
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
    return new PasswordAuthenticator(
        Objects.requireNonNull(hasher, "hasher"), Objects.requireNonNull(accounts, "accounts"), Objects.requireNonNull(throttle, "throttle"));
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
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(client, "client");
    String normal = normalizeEmail(email);
    RateLimitKey account = RateLimitKey.account(normal);
    ThrottleDecision decision = throttle.check(account, client);
    if (!decision.isAllowed()) {
      return PasswordCheck.failed(Failure.THROTTLED, atLeastOneSecond(decision.retryAfter()));
    }
    Optional<PasswordAccount> found = normal.isEmpty() || normal.length() > MAX_EMAIL_LENGTH ? Optional.empty() : accounts.findByEmail(normal);
    if (found.isEmpty()) {
      hasher.verifyAgainstDummy(password);
      ThrottleDecision after = throttle.recordFailure(account, client);
      return PasswordCheck.failed(Failure.UNKNOWN_ACCOUNT, after.retryAfter());
    }
    PasswordAccount a = found.get();
    if (!hasher.verify(a.passwordHash(), password)) {
      ThrottleDecision after = throttle.recordFailure(account, client);
      return PasswordCheck.failed(Failure.WRONG_PASSWORD, after.retryAfter());
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
