package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Fuzzes the key builders with untrusted values and addresses: every key is at most 90
 * characters of the safe set (no braces, so no hash-tag injection; no spaces or control
 * characters), the same input gives the same key, and a kept value is the input itself.
 */
class RateLimitKeyFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void keys_areBoundedSafeAndDeterministic(FuzzedDataProvider data) throws UnknownHostException {
    String value = data.consumeString(200);
    RateLimitKey key = RateLimitKey.user(value);
    assertSafe(key);
    assertThat(RateLimitKey.user(value)).isEqualTo(key);
    if (!key.value().startsWith("user:#")) {
      assertThat(key.value()).isEqualTo("user:" + value);
    }
    byte[] address = data.consumeBytes(data.consumeBoolean() ? 4 : 16);
    if (address.length == 4 || address.length == 16) {
      int bits = data.consumeInt(1, 128);
      RateLimitKey ip = RateLimitKey.ip(InetAddress.getByAddress(address), bits);
      assertSafe(ip);
      assertThat(ip.value()).startsWith(address.length == 4 || ip.value().startsWith("ip4:") ? "ip4:" : "ip6:");
    }
  }

  private static void assertSafe(RateLimitKey key) {
    assertThat(key.value()).hasSizeLessThanOrEqualTo(90);
    for (char c : key.value().toCharArray()) {
      assertThat(c).isIn(SAFE);
    }
  }

  private static final java.util.Set<Character> SAFE = new java.util.HashSet<>();

  static {
    for (char c : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:@+/=#".toCharArray()) {
      SAFE.add(c);
    }
  }
}
