package io.hiroi.examples;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for the tests: RFC 6238 codes from java-otp (SHA-1, 6 digits, 30 s) for a
 * base32 secret read off the page or the QR code. It remembers the latest time step it gave out,
 * because the app accepts each step once and, once it accepted one, no earlier step: {@link
 * #nextCode} hands out the current or the next step, always later than the last, and waits for the
 * clock when both are used. Not thread-safe: one per simulated user.
 */
final class TestTotp {
  private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();
  private final byte[] secret;
  private long latestStep = Long.MIN_VALUE;

  TestTotp(String base32) {
    this.secret = base32Decode(base32);
  }

  /** The secret of an {@code otpauth://totp/...?secret=...} URI. */
  static TestTotp fromUri(String otpauthUri) {
    if (!otpauthUri.startsWith("otpauth://totp/")) {
      throw new IllegalArgumentException("not a TOTP URI");
    }
    for (String p : otpauthUri.substring(otpauthUri.indexOf('?') + 1).split("&")) {
      if (p.startsWith("secret=")) {
        return new TestTotp(p.substring(7));
      }
    }
    throw new IllegalArgumentException("no secret in the URI");
  }

  /**
   * A valid code of a step later than every step handed out before: the current step, else the
   * next; when both are used, it waits for the next step to begin.
   */
  String nextCode() {
    while (true) {
      long nowMillis = Instant.now().toEpochMilli();
      long now = nowMillis / 30_000;
      for (long step : new long[] {now, now + 1}) {
        if (step > latestStep) {
          latestStep = step;
          return codeAt(step);
        }
      }
      try {
        Thread.sleep((now + 1) * 30_000 - nowMillis + 50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next TOTP step", e);
      }
    }
  }

  /** A code that is wrong for every step of the window. */
  String wrongCode() {
    long now = Instant.now().getEpochSecond() / 30;
    Set<String> valid = Set.of(codeAt(now - 1), codeAt(now), codeAt(now + 1), codeAt(now + 2));
    for (int i = 0; ; i++) {
      String c = String.format(Locale.ROOT, "%06d", (123456 + i * 7919) % 1_000_000);
      if (!valid.contains(c)) {
        return c;
      }
    }
  }

  private String codeAt(long step) {
    try {
      return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"), Instant.ofEpochSecond(step * 30));
    } catch (InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }

  /** RFC 4648 base32, upper case, spaces and padding ignored. */
  static byte[] base32Decode(String text) {
    String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (char c : s.toCharArray()) {
      int v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
