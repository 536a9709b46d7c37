package io.hiroi.benchmarks.envelope;

import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.KeyRing;
import java.util.function.ToIntFunction;

/**
 * hiroi's {@link CredentialCipher}, called the way its Javadoc shows: {@code encryptToBytes} with
 * the context string, and {@code decrypt} in try-with-resources, so the measured decryption
 * includes the context's UTF-8 encoding, the {@link Decryption} value and the wipe of the plaintext
 * on {@code close()}. The {@code hiroiNoWipe} variant skips {@code close()}, leaving the plaintext
 * in memory as the Tink and JDK sides do, to show what the wipe itself costs; it is not how hiroi
 * should be called.
 */
final class HiroiEnvelope implements EnvelopeCipher {
  private final CredentialCipher cipher;
  private final String context;
  private final boolean wipe;

  HiroiEnvelope(KeyRing ring, String context, boolean wipe) {
    this.cipher = CredentialCipher.create(ring);
    this.context = context;
    this.wipe = wipe;
  }

  @Override
  public byte[] encrypt(byte[] plaintext) {
    return cipher.encryptToBytes(plaintext, context);
  }

  @Override
  public int decrypt(byte[] envelope, ToIntFunction<byte[]> reader) {
    if (!wipe) {
      Decryption d = cipher.decrypt(envelope, context);
      if (!d.isSuccess()) {
        throw new IllegalStateException("hiroi envelope did not decrypt: " + d);
      }
      return reader.applyAsInt(d.plaintext());
    }
    try (Decryption d = cipher.decrypt(envelope, context)) {
      if (!d.isSuccess()) {
        throw new IllegalStateException("hiroi envelope did not decrypt: " + d);
      }
      return reader.applyAsInt(d.plaintext());
    }
  }
}
