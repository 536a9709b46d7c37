package io.hiroi.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons of secrets whose running time does not depend on where the inputs differ, so an
 * attacker who times responses learns nothing about a stored token, MAC or key. Both methods
 * delegate to {@link MessageDigest#isEqual(byte[], byte[])}, which is constant-time for inputs of
 * equal length since JDK 6u17; the length itself is not secret in any hiroi format.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Compares two byte arrays in time that depends only on their lengths.
   *
   * @param a one value; {@code null} equals nothing
   * @param b the other value; {@code null} equals nothing
   * @return {@code true} when both are non-null and hold the same bytes
   */
  public static boolean equals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  /**
   * Compares the UTF-8 encodings of two strings in time that depends only on their lengths.
   *
   * @param a one value; {@code null} equals nothing
   * @param b the other value; {@code null} equals nothing
   * @return {@code true} when both are non-null and equal
   */
  public static boolean equals(CharSequence a, CharSequence b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.toString().getBytes(StandardCharsets.UTF_8), b.toString().getBytes(StandardCharsets.UTF_8));
  }
}
