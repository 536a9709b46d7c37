package io.hiroi.benchmarks.envelope;

import io.hiroi.benchmarks.BenchmarkKeys;
import io.hiroi.crypto.CredentialCipher;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * The adapter each envelope implementation sits behind (STYLE rule 33). Every implementation
 * encrypts with AES-256-GCM under the same 32-byte key (hiroi's purpose key {@value
 * CredentialCipher#DEFAULT_PURPOSE} of the test master secret), a fresh random 96-bit IV, a
 * 128-bit tag and the same associated data ({@link #AAD}), and writes the same layout, hiroi's
 * envelope v1: {@code 0x01 || kid || iv || ciphertext || tag}. Tink's output prefix for a key with
 * id 1 is exactly those five header bytes.
 */
interface EnvelopeCipher {
  /** The caller's binding, the example from {@code CredentialCipher}'s Javadoc. */
  String CONTEXT = "tenant/42/credential/7/linkedin";

  /** The five header bytes: version 1, key id 1 big-endian. */
  byte[] HEADER = {0x01, 0, 0, 0, (byte) BenchmarkKeys.KEY_ID};

  /** The associated data of envelope v1: the header, then the UTF-8 context. */
  byte[] AAD = concat(HEADER, CONTEXT.getBytes(StandardCharsets.UTF_8));

  /**
   * Encrypts under a fresh random IV.
   *
   * @param plaintext the plaintext
   * @return the envelope
   */
  byte[] encrypt(byte[] plaintext);

  /**
   * Decrypts and authenticates, hands the plaintext to {@code reader} before the implementation
   * wipes it (hiroi's {@code Decryption.close()} does), and returns what the reader returned.
   *
   * @param envelope an envelope written by any of the implementations
   * @param reader reads the plaintext
   * @return the reader's result
   * @throws IllegalStateException if the envelope does not decrypt
   */
  int decrypt(byte[] envelope, ToIntFunction<byte[]> reader);

  /**
   * Creates the implementation named by the benchmark's {@code impl} parameter.
   *
   * @param impl {@code hiroi}, {@code hiroiNoWipe}, {@code jdk} or {@code tink}
   * @return a new instance, thread-safe
   */
  static EnvelopeCipher create(String impl) {
    byte[] key = BenchmarkKeys.purposeKey(CredentialCipher.DEFAULT_PURPOSE);
    switch (impl) {
      case "hiroi":
        return new HiroiEnvelope(BenchmarkKeys.keyRing(), CONTEXT, true);
      case "hiroiNoWipe":
        return new HiroiEnvelope(BenchmarkKeys.keyRing(), CONTEXT, false);
      case "jdk":
        return new JdkAesGcmEnvelope(key, HEADER, AAD);
      case "tink":
        return new TinkEnvelope(key, BenchmarkKeys.KEY_ID, AAD, false);
      case "tinkWiped":
        return new TinkEnvelope(key, BenchmarkKeys.KEY_ID, AAD, true);
      default:
        throw new IllegalArgumentException("unknown envelope implementation: " + impl);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
