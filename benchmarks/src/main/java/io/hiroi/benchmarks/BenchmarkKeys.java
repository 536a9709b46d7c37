package io.hiroi.benchmarks;

import io.hiroi.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The one test key every benchmark uses: a master secret of 32 bytes of {@code 0x11} under key id
 * 1. It is obviously not a real key; hiroi itself never takes keys from code.
 */
public final class BenchmarkKeys {
  /** The key id of the test master secret, the ring's primary. */
  public static final int KEY_ID = 1;

  private static final byte TEST_KEY_BYTE = 0x11;

  private BenchmarkKeys() {}

  /**
   * Returns a fresh copy of the test master secret.
   *
   * @return 32 bytes of {@code 0x11}
   */
  public static byte[] master() {
    byte[] master = new byte[KeyRing.KEY_BYTES];
    Arrays.fill(master, TEST_KEY_BYTE);
    return master;
  }

  /**
   * Builds a key ring holding only the test master secret, as primary.
   *
   * @return the test key ring
   */
  public static KeyRing keyRing() {
    return KeyRing.builder().addKey(KEY_ID, master()).primary(KEY_ID).build();
  }

  /**
   * Derives the 32-byte purpose key that hiroi itself uses for {@code purpose}, so that the other
   * implementations are measured with exactly the same key.
   *
   * @param purpose a hiroi purpose string such as {@code hiroi-credential-v1}
   * @return the purpose key of {@link #KEY_ID}
   */
  public static byte[] purposeKey(String purpose) {
    // HKDF-SHA256(ikm = master, salt = empty, info = purpose, 32), computed here with Bouncy
    // Castle directly: hiroi does not export its internal purpose keys.
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(master(), null, purpose.getBytes(StandardCharsets.US_ASCII)));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }
}
