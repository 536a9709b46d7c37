package io.hiroi.core;

import java.security.MessageDigest;

/**
 * Comparisons of secrets whose running time does not depend on where the inputs differ, so an
 * attacker who times responses learns nothing about a stored token, MAC or key. Byte arrays go to
 * {@link MessageDigest#isEqual(byte[], byte[])}, which is constant-time for inputs of equal length
 * since JDK 6u17; character sequences are compared with an accumulated XOR. The length itself is
 * not secret in any hiroi format.
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
   * Compares two character sequences, UTF-16 code unit by code unit, in time that depends only on
   * their lengths. Unlike comparing encoded bytes, this never treats two different strings as equal
   * (an unpaired surrogate is not replaced by {@code ?}).
   *
   * @param a one value; {@code null} equals nothing
   * @param b the other value; {@code null} equals nothing
   * @return {@code true} when both are non-null and hold the same characters
   */
  public static boolean equals(CharSequence a, CharSequence b) {
    if (a == null || b == null || a.length() != b.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < a.length(); i++) {
      difference |= a.charAt(i) ^ b.charAt(i);
    }
    return difference == 0;
  }
}
