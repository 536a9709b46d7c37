package io.hiroi.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Helpers shared by the signed-token tests; everything here avoids hiroi's own token code. */
final class TokenTestSupport {
  static final String PURPOSE = "hiroi-test-token-v1";

  /** Throwaway test keys: obviously not secrets. */
  static final byte[] MASTER_1 = filled(0x11);

  static final byte[] MASTER_2 = filled(0x22);

  /** 2026-01-01T00:00:00Z. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TokenTestSupport() {}

  static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }

  static KeyRing ring1() {
    return KeyRing.builder().addKey(1, MASTER_1).primary(1).build();
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64(String utf8) {
    return b64(utf8.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  static byte[] hmac(String algorithm, byte[] key, String ascii) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(ascii.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A token signed with HMAC-SHA256 by the JDK alone, for headers hiroi would never write. */
  static String hs256(byte[] key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    return input + "." + b64(hmac("HmacSHA256", key, input));
  }

  /** A clock that tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
