package io.hiroi.crypto.internal;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA256 (RFC 5869) through Bouncy Castle's {@link HKDFBytesGenerator}: extract with {@code
 * salt} (an empty salt means 32 zero bytes, as the RFC says), then expand with {@code info} to
 * {@code length} bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class Hkdf {
  /** The largest output RFC 5869 allows for SHA-256: 255 blocks of 32 bytes. */
  public static final int MAX_LENGTH = 255 * 32;

  private Hkdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param ikm the input keying material
   * @param salt the salt; may be empty
   * @param info the context and application specific information; may be empty
   * @param length the output length, 1 to {@link #MAX_LENGTH}
   * @return the output keying material
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(info, "info");
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException(Errors.hkdfLength(length));
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
    byte[] okm = new byte[length];
    generator.generateBytes(okm, 0, length);
    return okm;
  }
}
