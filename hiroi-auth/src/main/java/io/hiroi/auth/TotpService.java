package io.hiroi.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.ThrottleDecision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP second factor (RFC 6238: by default HMAC-SHA1, {@value #DIGITS} digits, 30-second steps, as
 * every authenticator app reads them; HMAC-SHA-256 or HMAC-SHA-512 and 8 digits through {@link
 * #builder}), with secrets encrypted at rest: {@link #enroll} draws as many random bits as the
 * HMAC's output (160 for SHA-1, RFC 4226's recommended length; 256; 512) from {@link
 * java.security.SecureRandom} and gives back a
 * credential envelope (AES-256-GCM under the purpose key {@value #PURPOSE}, the user id bound in as
 * the context), so a database read yields nothing usable and a secret moved to another user fails
 * to decrypt. {@link #verify} accepts the code of the current step or one step either side (clock
 * drift), compares in constant time, and accepts each code once ({@link TotpReplayGuard}, atomic on
 * every backend); once a code is accepted, no code of an earlier step is (RFC 6238 section 5.2), so
 * a code seen before the one the user entered cannot be used after it. Codes are computed by java-otp. The {@code otpauth://} URI names the algorithm,
 * digits and period, but some apps (Google Authenticator) ignore all three: keep the defaults
 * unless every app your users run honours them.
 *
 * <p>Enrolment is two steps: store {@link TotpEnrollment#storedSecret()} as <em>pending</em>, and
 * make the factor active only when {@link #confirm} accepts a code from the user's app (proof that
 * the app holds the secret); until then do not ask for TOTP at sign-in.
 *
 * <p>Verification is throttled by default: {@link Builder#build()} requires an {@link
 * Builder#throttle AuthThrottle} (then call {@link #verify(String, String, String, RateLimitKey)})
 * unless the host opts out explicitly with {@link Builder#unthrottled()}. Failures are counted per
 * user, across every pending sign-in and client, and an attempt over the limit is {@link
 * TotpVerification.Failure#THROTTLED} before any code is computed. This is the bound that holds
 * when an attacker who knows the password starts pending sign-in after pending sign-in (each
 * allows only a few attempts, and a right password starts a new one): without it a six-digit code
 * falls to guessing in some hundreds of thousands of tries. Give TOTP its own throttle, not the
 * password's: a right password clears the password throttle's count for the user.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class TotpService {
  /** The purpose of the key that encrypts stored secrets. */
  public static final String PURPOSE = io.hiroi.crypto.internal.Purposes.TOTP;

  /** Digits per code, unless configured. */
  public static final int DIGITS = 6;

  /** The time step. */
  public static final Duration TIME_STEP = Duration.ofSeconds(30);

  /** Random bytes per secret with the default algorithm (160 bits). */
  public static final int SECRET_BYTES = 20;

  /** The HMAC of the codes (RFC 6238, section 1.2). */
  public enum Algorithm {
    /** HMAC-SHA1, the default and what every app supports; 160-bit secrets. */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA-256; 256-bit secrets. */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA-512; 512-bit secrets. */
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int secretBytes;

    Algorithm(String jcaName, int secretBytes) {
      this.jcaName = jcaName;
      this.secretBytes = secretBytes;
    }

    /**
     * Returns the JCA name of the HMAC.
     *
     * @return for example {@code HmacSHA256}
     */
    public String jcaName() {
      return jcaName;
    }

    /**
     * Returns the random bytes drawn per secret (the HMAC's output length).
     *
     * @return 20, 32 or 64
     */
    public int secretBytes() {
      return secretBytes;
    }
  }

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final CredentialCipher cipher;
  private final TotpReplayGuard guard;
  private final Clock clock;
  private final String issuer;
  private final Algorithm algorithm;
  private final int digits;
  private final TimeBasedOneTimePasswordGenerator generator;
  private final AuthThrottle throttle;

  private TotpService(Builder b) {
    this.cipher = CredentialCipher.builder(b.ring).purpose(PURPOSE).build();
    this.guard = b.guard;
    this.clock = b.clock;
    this.issuer = b.issuer;
    this.algorithm = b.algorithm;
    this.digits = b.digits;
    this.generator = new TimeBasedOneTimePasswordGenerator(TIME_STEP, digits, algorithm.jcaName());
    this.throttle = b.throttle;
  }

  /**
   * Starts a builder, for another algorithm or number of digits.
   *
   * @param ring the key ring that encrypts stored secrets
   * @param guard where used codes are remembered ({@link InMemoryTotpReplayGuard}, {@link
   *     io.hiroi.auth.redis.RedisTotpReplayGuard})
   * @param issuer the name authenticator apps show, 1 to 64 characters without control characters or {@code :}
   * @return a builder with the defaults (SHA-1, {@value #DIGITS} digits, the system UTC clock)
   * @throws IllegalArgumentException if the issuer is invalid
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(KeyRing ring, TotpReplayGuard guard, String issuer) {
    return new Builder(ring, guard, issuer);
  }

  /**
   * Creates an <em>unthrottled</em> service ({@link Builder#unthrottled()}): for tests, and for
   * hosts that throttle every verification per user themselves. At sign-in use {@link #builder}
   * with a {@link Builder#throttle throttle}.
   *
   * @param ring the key ring that encrypts stored secrets
   * @param guard where used codes are remembered ({@link InMemoryTotpReplayGuard}, {@link
   *     io.hiroi.auth.redis.RedisTotpReplayGuard})
   * @param issuer the name authenticator apps show, 1 to 64 characters without control characters or {@code :}
   * @param clock the clock (tests move it); {@link Clock#systemUTC()} in production
   * @return the service
   * @throws IllegalArgumentException if the issuer is invalid
   * @throws NullPointerException if an argument is null
   */
  public static TotpService create(KeyRing ring, TotpReplayGuard guard, String issuer, Clock clock) {
    return builder(ring, guard, issuer).clock(clock).unthrottled().build();
  }

  /**
   * Makes a new secret for a user.
   *
   * @param userId the user, 1 to {@value SessionManager#MAX_USER_ID_LENGTH} characters without control characters
   * @param accountName what the app shows under the issuer (an email address), 1 to 256 characters
   * @return the envelope to store and, to show once, the secret and its URI
   * @throws IllegalArgumentException if an argument is invalid
   * @throws NullPointerException if an argument is null
   */
  public TotpEnrollment enroll(String userId, String accountName) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Secrets.checkIdentifier("accountName", accountName, 256);
    byte[] secret = Secrets.randomBytes(algorithm.secretBytes());
    try {
      String base32 = base32(secret);
      String label = encode(issuer) + ":" + encode(accountName);
      String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + encode(issuer) + "&algorithm=" + algorithm.name() + "&digits=" + digits
          + "&period=" + TIME_STEP.toSeconds();
      return new TotpEnrollment(cipher.encrypt(secret, context(userId)), base32, uri);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Confirms an enrolment: the first valid code from the user's app makes the factor active.
   * Until this returns valid, keep the stored secret as pending and do not ask for TOTP at sign-in;
   * when it does, store the secret as the user's active factor. The code is used up like any
   * other, so it cannot also complete a sign-in.
   *
   * @param userId the user
   * @param storedSecret the pending envelope from {@link TotpEnrollment#storedSecret()}
   * @param code the code as entered
   * @return valid when the factor may be made active, or why not
   * @throws IllegalArgumentException if the user id is invalid, or this service has a throttle
   *     (use {@link #confirm(String, String, String, RateLimitKey)})
   * @throws NullPointerException if an argument is null
   */
  public TotpVerification confirm(String userId, String storedSecret, String code) {
    return verify(userId, storedSecret, code);
  }

  /**
   * Confirms an enrolment, throttled per user and client (see {@link #confirm(String, String, String)}).
   *
   * @param userId the user
   * @param storedSecret the pending envelope from {@link TotpEnrollment#storedSecret()}
   * @param code the code as entered
   * @param client the client's throttle key (normally {@link RateLimitKey#ip})
   * @return valid when the factor may be made active, or why not
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   */
  public TotpVerification confirm(String userId, String storedSecret, String code, RateLimitKey client) {
    return verify(userId, storedSecret, code, client);
  }

  /**
   * Checks a code, throttled: an attempt over the limit is refused as {@link
   * TotpVerification.Failure#THROTTLED} with its retry-after before any code is computed; a
   * malformed, wrong or replayed code counts as a failure for the user and the client, a valid
   * one clears the user's count. Without a {@linkplain Builder#throttle throttle} this is {@link
   * #verify(String, String, String)}.
   *
   * @param userId the user
   * @param storedSecret the envelope from {@link TotpEnrollment#storedSecret()}
   * @param code the code as entered
   * @param client the client's throttle key (normally {@link RateLimitKey#ip})
   * @return valid once per code, or why not
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   */
  public TotpVerification verify(String userId, String storedSecret, String code, RateLimitKey client) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(client, "client");
    if (throttle == null) {
      return check(userId, storedSecret, code);
    }
    RateLimitKey account = RateLimitKey.user(userId);
    ThrottleDecision decision = throttle.check(account, client);
    if (!decision.isAllowed()) {
      return TotpVerification.throttled(decision.retryAfter());
    }
    TotpVerification outcome = check(userId, storedSecret, code);
    if (outcome.isValid()) {
      throttle.recordSuccess(account, client);
      return outcome;
    }
    TotpVerification.Failure f = outcome.failure().orElseThrow();
    if (f == TotpVerification.Failure.MALFORMED || f == TotpVerification.Failure.WRONG_CODE || f == TotpVerification.Failure.REPLAYED) {
      throttle.recordFailure(account, client);
    }
    return outcome;
  }

  /**
   * Checks a code against a user's stored secret; a right code is used up.
   *
   * @param userId the user
   * @param storedSecret the envelope from {@link TotpEnrollment#storedSecret()}
   * @param code the code as entered (surrounding spaces are ignored)
   * @return valid once per code, or why not
   * @throws IllegalArgumentException if the user id is invalid, or this service has a throttle
   *     (use {@link #verify(String, String, String, RateLimitKey)})
   * @throws NullPointerException if an argument is null
   */
  public TotpVerification verify(String userId, String storedSecret, String code) {
    if (throttle != null) {
      throw Errors.inconsistent("this TotpService throttles verification: pass the client's key to verify");
    }
    return check(userId, storedSecret, code);
  }

  /** How long a used step is remembered: past every window that still holds it (4 steps, 2 minutes). */
  private static final Duration REPLAY_TTL = TIME_STEP.multipliedBy(4);

  private TotpVerification check(String userId, String storedSecret, String code) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(storedSecret, "storedSecret");
    String c = Objects.requireNonNull(code, "code").strip();
    if (c.length() != digits || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return TotpVerification.failed(TotpVerification.Failure.MALFORMED);
    }
    byte[] entered = c.getBytes(StandardCharsets.US_ASCII);
    try (Decryption d = cipher.decrypt(storedSecret, context(userId))) {
      if (!d.isSuccess()) {
        return TotpVerification.failed(TotpVerification.Failure.SECRET_UNREADABLE);
      }
      byte[] secret = d.plaintext();
      try {
        long now = clock.instant().getEpochSecond() / TIME_STEP.toSeconds();
        long matched = Long.MIN_VALUE;
        for (long step = now - 1; step <= now + 1; step++) {
          byte[] expected = code(generator, secret, Instant.ofEpochSecond(step * TIME_STEP.toSeconds())).getBytes(StandardCharsets.US_ASCII);
          if (MessageDigest.isEqual(expected, entered)) {
            matched = step;
          }
        }
        if (matched == Long.MIN_VALUE) {
          return TotpVerification.failed(TotpVerification.Failure.WRONG_CODE);
        }
        String user = Secrets.sha256Hex(userId) + ":";
        try {
          // RFC 6238 section 5.2: once a code is accepted, no code of an earlier step is. Those
          // steps of the window are marked used first (a store that cannot take them fails the
          // call before the code is used up), so a code seen (shoulder-surfed, phished) before the
          // one the user entered cannot be used after it.
          for (long step = now - 1; step < matched; step++) {
            guard.firstUse(user + step, REPLAY_TTL);
          }
          return guard.firstUse(user + matched, REPLAY_TTL)
              ? TotpVerification.valid()
              : TotpVerification.failed(TotpVerification.Failure.REPLAYED);
        } catch (AuthStoreException e) {
          return TotpVerification.failed(TotpVerification.Failure.UNAVAILABLE);
        }
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  /** The RFC 6238 code of a secret at an instant, through java-otp. */
  static String codeAt(byte[] secret, Instant at, int digits, String hmacAlgorithm) {
    return code(new TimeBasedOneTimePasswordGenerator(TIME_STEP, digits, hmacAlgorithm), secret, at);
  }

  private static String code(TimeBasedOneTimePasswordGenerator generator, byte[] secret, Instant at) {
    try {
      return generator.generateOneTimePasswordString(new SecretKeySpec(secret, generator.getAlgorithm()), at, java.util.Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new AssertionError("an HMAC accepts any key", e);
    }
  }

  /**
   * Returns the algorithm of this service's codes.
   *
   * @return the HMAC
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the digits per code of this service.
   *
   * @return 6 or 8
   */
  public int digits() {
    return digits;
  }

  private static String context(String userId) {
    return "totp/" + userId;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** RFC 4648 base32, upper case, no padding. */
  static String base32(byte[] bytes) {
    return base32(bytes, ALPHABET);
  }

  /** Base32 in the given 32-character alphabet, no padding (also {@link RecoveryCodes}' Crockford form). */
  static String base32(byte[] bytes, String alphabet) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "TotpService[" + algorithm + ", " + digits + " digits, " + TIME_STEP + ", " + guard + (throttle == null ? "" : ", " + throttle) + "]";
  }

  /**
   * Configures a {@link TotpService}; each option may be set once.
   *
   * <p>Not thread-safe; use it on one thread, then share the built service.
   */
  public static final class Builder {
    private final KeyRing ring;
    private final TotpReplayGuard guard;
    private final String issuer;
    private Algorithm algorithm = Algorithm.SHA1;
    private boolean algorithmSet;
    private int digits = DIGITS;
    private boolean digitsSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private AuthThrottle throttle;
    private boolean unthrottled;

    private Builder(KeyRing ring, TotpReplayGuard guard, String issuer) {
      this.ring = Objects.requireNonNull(ring, "ring");
      this.guard = Objects.requireNonNull(guard, "guard");
      Secrets.checkIdentifier("issuer", issuer, 64);
      if (issuer.indexOf(':') >= 0) {
        throw Errors.outOfRange("issuer", "free of ':'", "a value with ':'");
      }
      this.issuer = issuer;
    }

    /**
     * Sets the HMAC (default {@link Algorithm#SHA1}). A service verifies only codes of its own
     * algorithm: keep one service per algorithm for users enrolled under each.
     *
     * @param algorithm the algorithm
     * @return this builder
     * @throws NullPointerException if {@code algorithm} is null
     * @throws IllegalStateException if already set
     */
    public Builder algorithm(Algorithm algorithm) {
      if (algorithmSet) {
        throw Errors.settingTwice("algorithm");
      }
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      algorithmSet = true;
      return this;
    }

    /**
     * Sets the digits per code (default {@value TotpService#DIGITS}).
     *
     * @param digits 6 or 8
     * @return this builder
     * @throws IllegalArgumentException if neither 6 nor 8
     * @throws IllegalStateException if already set
     */
    public Builder digits(int digits) {
      if (digitsSet) {
        throw Errors.settingTwice("digits");
      }
      if (digits != 6 && digits != 8) {
        throw Errors.outOfRange("digits", "6 or 8", digits);
      }
      this.digits = digits;
      digitsSet = true;
      return this;
    }

    /**
     * Sets the clock (default {@link Clock#systemUTC()}; tests move a fake one).
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      if (clockSet) {
        throw Errors.settingTwice("clock");
      }
      this.clock = Objects.requireNonNull(clock, "clock");
      clockSet = true;
      return this;
    }

    /**
     * Throttles verification with graduated back-off per user and per client ({@code
     * hiroi-ratelimit}); with a throttle, call the {@code verify} and {@code confirm} overloads
     * that take the client's key. Required, unless {@link #unthrottled()} is chosen instead.
     *
     * @param throttle the throttle (for example {@code AuthThrottle.builder("totp", backend).build()}),
     *     used for TOTP only (not shared with the password's)
     * @return this builder
     * @throws NullPointerException if {@code throttle} is null
     * @throws IllegalStateException if already set, or {@link #unthrottled()} was chosen
     */
    public Builder throttle(AuthThrottle throttle) {
      if (this.throttle != null || unthrottled) {
        throw Errors.settingTwice("throttle");
      }
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Opts out of throttling, explicitly: only for tests, or a host that throttles every call of
     * {@code verify} and {@code confirm} per user itself. Without a throttle an attacker who knows
     * the password can guess codes without limit, a few per pending sign-in.
     *
     * @return this builder
     * @throws IllegalStateException if a throttle was set, or this was already called
     */
    public Builder unthrottled() {
      if (this.throttle != null || unthrottled) {
        throw Errors.settingTwice("throttle");
      }
      unthrottled = true;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalStateException if neither {@link #throttle} nor {@link #unthrottled()} was
     *     chosen
     */
    public TotpService build() {
      if (throttle == null && !unthrottled) {
        throw new IllegalStateException(
            "TotpService needs a throttle: set throttle(AuthThrottle), or opt out explicitly with unthrottled()");
      }
      return new TotpService(this);
    }

    @Override
    public String toString() {
      return "TotpService.Builder[" + algorithm + ", " + digits + " digits]";
    }
  }
}
