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
 * <p>Thread-safe: each thread uses its own {@link Cipher}, held with that thread's scratch arrays
 * in one {@link Scratch} (a {@code ThreadLocal}), so there is no lock on the hot path and a call
 * that passes its {@link Scratch} makes one thread-local lookup in all.
 */
public final class AesGcm {
  public static final int KEY_BYTES = 32;
  public static final int IV_BYTES = 12;
  public static final int TAG_BYTES = 16;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
   * This thread's {@link Scratch}: its {@link Cipher} and its scratch arrays. Look it up once per
   * call and pass it on.
   *
   * @return the calling thread's scratch
   */
  public static Scratch scratch() {
    return SCRATCH.get();
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
    seal(scratch().cipher, iv, ivOffset, aad, aad.length, plaintext, out, outOffset);
  }

  /**
   * Encrypts as {@link #seal(byte[], int, byte[], byte[], byte[], int)} with the associated data
   * {@code scratch.associatedData(..)[0, aadLength)}, which the caller has just written.
   *
   * @param scratch this thread's {@link #scratch()}
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aadLength how many bytes of the scratch's associated-data array are associated data
   * @param plaintext the plaintext
   * @param out the output array, with room for {@code plaintext.length + 16} bytes
   * @param outOffset where to write
   */
  public void seal(Scratch scratch, byte[] iv, int ivOffset, int aadLength, byte[] plaintext, byte[] out, int outOffset) {
    seal(scratch.cipher, iv, ivOffset, scratch.associatedData, aadLength, plaintext, out, outOffset);
  }

  private void seal(
      Cipher cipher, byte[] iv, int ivOffset, byte[] aad, int aadLength, byte[] plaintext, byte[] out, int outOffset) {
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
    return open(scratch().cipher, iv, ivOffset, aad, aad.length, input, offset, length);
  }

  /**
   * Decrypts as {@link #open(byte[], int, byte[], byte[], int, int)} with the associated data
   * {@code scratch.associatedData(..)[0, aadLength)}, which the caller has just written.
   *
   * @param scratch this thread's {@link #scratch()}
   * @param iv the array holding the 12-byte IV at {@code ivOffset}
   * @param ivOffset where the IV starts
   * @param aadLength how many bytes of the scratch's associated-data array are associated data
   * @param input the array holding ciphertext || tag
   * @param offset where it starts
   * @param length its length, at least 16
   * @return the plaintext
   * @throws AEADBadTagException if the input or associated data is not authentic
   */
  public byte[] open(Scratch scratch, byte[] iv, int ivOffset, int aadLength, byte[] input, int offset, int length)
      throws AEADBadTagException {
    return open(scratch.cipher, iv, ivOffset, scratch.associatedData, aadLength, input, offset, length);
  }

  private byte[] open(
      Cipher cipher, byte[] iv, int ivOffset, byte[] aad, int aadLength, byte[] input, int offset, int length)
      throws AEADBadTagException {
    if (length < TAG_BYTES) {
      throw new AEADBadTagException("input shorter than the tag");
    }
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

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("AES/GCM/NoPadding is required of every Java platform", e);
    }
  }

  /**
   * One thread's {@link Cipher} and scratch arrays: the associated data and the characters of the
   * text it is encoded from. Neither array is secret (associated data is sent in the clear; the
   * {@code Cipher} copies it in {@code updateAAD}); each is overwritten by the thread's next use,
   * so fill it and pass it on straight away. The arrays grow when needed and never shrink.
   *
   * <p>Not thread-safe: confined to its thread by {@link #scratch()}; never hand it to another.
   */
  public static final class Scratch {
    private final Cipher cipher = newCipher();
    private byte[] associatedData = new byte[64];
    private char[] chars = new char[64];

    private Scratch() {}

    /**
     * The associated-data array, of at least {@code length} bytes.
     *
     * @param length the bytes needed
     * @return the array, whose bytes from index 0 {@code seal} and {@code open} read
     */
    public byte[] associatedData(int length) {
      if (associatedData.length < length) {
        associatedData = new byte[Math.max(length, associatedData.length * 2)];
      }
      return associatedData;
    }

    /**
     * A character array of at least {@code length} chars, for example to copy a string into with
     * {@link String#getChars} and encode it from there.
     *
     * @param length the chars needed
     * @return the array
     */
    public char[] chars(int length) {
      if (chars.length < length) {
        chars = new char[Math.max(length, chars.length * 2)];
      }
      return chars;
    }
  }
}
