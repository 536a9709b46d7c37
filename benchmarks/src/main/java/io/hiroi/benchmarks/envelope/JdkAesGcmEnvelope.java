package io.hiroi.benchmarks.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw JDK AES-GCM as a user without hiroi would write it: a fresh {@code
 * Cipher.getInstance("AES/GCM/NoPadding")} per call, a 12-byte IV from a shared {@link
 * SecureRandom}, and the associated data precomputed once (header || context), which is the
 * cheapest a hand-written envelope can get.
 */
final class JdkAesGcmEnvelope implements EnvelopeCipher {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int HEADER_BYTES = 5;
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;

  private final SecretKeySpec key;
  private final byte[] header;
  private final byte[] aad;
  private final SecureRandom random = new SecureRandom();

  JdkAesGcmEnvelope(byte[] key, byte[] header, byte[] aad) {
    this.key = new SecretKeySpec(key, "AES");
    this.header = header.clone();
    this.aad = aad.clone();
  }

  @Override
  public byte[] encrypt(byte[] plaintext) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] out = new byte[HEADER_BYTES + IV_BYTES + plaintext.length + TAG_BYTES];
    System.arraycopy(header, 0, out, 0, HEADER_BYTES);
    System.arraycopy(iv, 0, out, HEADER_BYTES, IV_BYTES);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES + IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK AES-GCM encryption failed", e);
    }
    return out;
  }

  @Override
  public int decrypt(byte[] envelope, ToIntFunction<byte[]> reader) {
    if (envelope.length < HEADER_BYTES + IV_BYTES + TAG_BYTES
        || !Arrays.equals(envelope, 0, HEADER_BYTES, header, 0, HEADER_BYTES)) {
      throw new IllegalStateException("not an envelope of this key");
    }
    byte[] plaintext;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, envelope, HEADER_BYTES, IV_BYTES));
      cipher.updateAAD(aad);
      plaintext = cipher.doFinal(envelope, HEADER_BYTES + IV_BYTES, envelope.length - HEADER_BYTES - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK AES-GCM envelope did not decrypt", e);
    }
    return reader.applyAsInt(plaintext);
  }
}
