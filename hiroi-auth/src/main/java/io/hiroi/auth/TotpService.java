package io.hiroi.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.KeyRing;
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
 * TOTP second factor (RFC 6238: HMAC-SHA1, {@value #DIGITS} digits, 30-second steps, as every
 * authenticator app reads them), with secrets encrypted at rest: {@link #enroll} draws 160 random
 * bits ({@link java.security.SecureRandom}, RFC 4226's recommended length) and gives back a
 * credential envelope (AES-256-GCM under the purpose key {@value #PURPOSE}, the user id bound in as
 * the context), so a database read yields nothing usable and a secret moved to another user fails
 * to decrypt. {@link #verify} accepts the code of the current step or one step either side (clock
 * drift), compares in constant time, and accepts each code once ({@link TotpReplayGuard}, atomic on
 * every backend). Codes are computed by java-otp.
 *
 * <p>Throttle verification with {@code hiroi-ratelimit}'s {@code AuthThrottle} (per user and per
 * client), as for passwords: a six-digit code falls to unthrottled guessing.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class TotpService {
  /** The purpose of the key that encrypts stored secrets. */
  public static final String PURPOSE = io.hiroi.crypto.internal.Purposes.TOTP;

  /** Digits per code. */
  public static final int DIGITS = 6;

  /** The time step. */
  public static final Duration TIME_STEP = Duration.ofSeconds(30);

  /** Random bytes per secret (160 bits). */
  public static final int SECRET_BYTES = 20;

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final CredentialCipher cipher;
  private final TotpReplayGuard guard;
  private final Clock clock;
  private final String issuer;

  private TotpService(KeyRing ring, TotpReplayGuard guard, Clock clock, String issuer) {
    this.cipher = CredentialCipher.builder(ring).purpose(PURPOSE).build();
    this.guard = guard;
    this.clock = clock;
    this.issuer = issuer;
  }

  /**
   * Creates the service.
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
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(guard, "guard");
    Secrets.checkIdentifier("issuer", issuer, 64);
    if (issuer.indexOf(':') >= 0) {
      throw Errors.outOfRange("issuer", "free of ':'", "a value with ':'");
    }
    return new TotpService(ring, guard, Objects.requireNonNull(clock, "clock"), issuer);
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
    byte[] secret = Secrets.randomBytes(SECRET_BYTES);
    try {
      String base32 = base32(secret);
      String label = encode(issuer) + ":" + encode(accountName);
      String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=" + DIGITS
          + "&period=" + TIME_STEP.toSeconds();
      return new TotpEnrollment(cipher.encrypt(secret, context(userId)), base32, uri);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Checks a code against a user's stored secret; a right code is used up.
   *
   * @param userId the user
   * @param storedSecret the envelope from {@link TotpEnrollment#storedSecret()}
   * @param code the code as entered (surrounding spaces are ignored)
   * @return valid once per code, or why not
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   */
  public TotpVerification verify(String userId, String storedSecret, String code) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(storedSecret, "storedSecret");
    String c = Objects.requireNonNull(code, "code").strip();
    if (c.length() != DIGITS || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
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
          byte[] expected = codeAt(secret, Instant.ofEpochSecond(step * TIME_STEP.toSeconds()), DIGITS, "HmacSHA1")
              .getBytes(StandardCharsets.US_ASCII);
          if (MessageDigest.isEqual(expected, entered)) {
            matched = step;
          }
        }
        if (matched == Long.MIN_VALUE) {
          return TotpVerification.failed(TotpVerification.Failure.WRONG_CODE);
        }
        String key = Secrets.sha256Hex(userId) + ":" + matched;
        try {
          return guard.firstUse(key, TIME_STEP.multipliedBy(4))
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
    TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(TIME_STEP, digits, hmacAlgorithm);
    try {
      return totp.generateOneTimePasswordString(new SecretKeySpec(secret, hmacAlgorithm), at, java.util.Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new AssertionError("an HMAC accepts any key", e);
    }
  }

  private static String context(String userId) {
    return "totp/" + userId;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** RFC 4648 base32, upper case, no padding. */
  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "TotpService[SHA1, " + DIGITS + " digits, " + TIME_STEP + ", " + guard + "]";
  }
}
