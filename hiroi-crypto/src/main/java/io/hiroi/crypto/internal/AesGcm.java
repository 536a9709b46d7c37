package io.hiroi.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 96-bit IV and a 128-bit tag, the only parameters hiroi uses; other key, IV
 * or tag sizes fail to construct. The caller supplies the IV: this class is internal, and the
 * public API ({@code CredentialCipher}) always draws it from {@code SecureRandom}.
 *
 * <p>Thread-safe: each thread uses its own {@link Cipher} (a {@code ThreadLocal}), so there is no
 * lock on the hot path. Each thread also has one scratch array for associated data ({@link
 * #associatedDataBuffer(int)}), which the {@code Cipher} copies in {@code updateAAD}, so a call
 * needs no associated-data array of its own.
 */
public final class AesGcm {
  public static final int KEY_BYTES = 32;
  public static final int IV_BYTES = 12;
  public static final int TAG_BYTES = 16;

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);
  private static final ThreadLocal<byte[][]> AAD_BUFFERS = ThreadLocal.withInitial(() -> new byte[][] {new byte[64]});

  private final SecretKeySpec key;

  /**
   * Creates an AES-256-GCM instance.
   *
   * @param key exactly 32 bytes; copied
   * @throws IllegalArgumentException for any other key size
   */
  public AesGcm(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(Errors.aesKeySize(key.length));
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * Encrypts {@code plaintext} into {@code out} at {@code outOffset} as ciphertext || tag.
   *
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aad the associated data (may be empty)
   * @param plaintext the plaintext
   * @param out the output array, with room for {@code plaintext.length + 16} bytes
   * @param outOffset where to write
   */
  public void seal(byte[] iv, int ivOffset, byte[] aad, byte[] plaintext, byte[] out, int outOffset) {
    seal(iv, ivOffset, aad, aad.length, plaintext, out, outOffset);
  }

  /**
   * Encrypts as {@link #seal(byte[], int, byte[], byte[], byte[], int)} with the associated data
   * {@code aad[0, aadLength)}, for example this thread's {@link #associatedDataBuffer(int)}.
   *
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aad the array holding the associated data from index 0
   * @param aadLength how many bytes of {@code aad} are associated data
   * @param plaintext the plaintext
   * @param out the output array, with room for {@code plaintext.length + 16} bytes
   * @param outOffset where to write
   */
  public void seal(byte[] iv, int ivOffset, byte[] aad, int aadLength, byte[] plaintext, byte[] out, int outOffset) {
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv, ivOffset, IV_BYTES));
      cipher.updateAAD(aad, 0, aadLength);
      cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("AES-256-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates ciphertext || tag. Releases no plaintext when the tag does not
   * match.
   *
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aad the associated data (may be empty)
   * @param input the array holding ciphertext || tag
   * @param offset where it starts
   * @param length its length, at least 16
   * @return the plaintext
   * @throws AEADBadTagException if the input or associated data is not authentic
   */
  public byte[] open(byte[] iv, int ivOffset, byte[] aad, byte[] input, int offset, int length)
      throws AEADBadTagException {
    return open(iv, ivOffset, aad, aad.length, input, offset, length);
  }

  /**
   * Decrypts as {@link #open(byte[], int, byte[], byte[], int, int)} with the associated data
   * {@code aad[0, aadLength)}, for example this thread's {@link #associatedDataBuffer(int)}.
   *
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aad the array holding the associated data from index 0
   * @param aadLength how many bytes of {@code aad} are associated data
   * @param input the array holding ciphertext || tag
   * @param offset where it starts
   * @param length its length, at least 16
   * @return the plaintext
   * @throws AEADBadTagException if the input or associated data is not authentic
   */
  public byte[] open(byte[] iv, int ivOffset, byte[] aad, int aadLength, byte[] input, int offset, int length)
      throws AEADBadTagException {
    if (length < TAG_BYTES) {
      throw new AEADBadTagException("input shorter than the tag");
    }
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv, ivOffset, IV_BYTES));
      cipher.updateAAD(aad, 0, aadLength);
      return cipher.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new AssertionError("AES-256-GCM decryption failed unexpectedly", e);
    }
  }

  /**
   * This thread's scratch array for associated data, of at least {@code length} bytes (grown when
   * needed, never shrunk). Associated data is not secret; the array is overwritten by the thread's
   * next use, so fill it and pass it to {@code seal} or {@code open} straight away.
   *
   * @param length the bytes needed
   * @return the array
   */
  public static byte[] associatedDataBuffer(int length) {
    byte[][] holder = AAD_BUFFERS.get();
    if (holder[0].length < length) {
      holder[0] = new byte[Math.max(length, holder[0].length * 2)];
    }
    return holder[0];
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("AES/GCM/NoPadding is required of every Java platform", e);
    }
  }
}
