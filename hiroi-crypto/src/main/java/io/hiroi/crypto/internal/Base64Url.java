package io.hiroi.crypto.internal;

import java.util.Base64;

/**
 * Strict base64url without padding (RFC 4648 section 5), the text form of every hiroi envelope and
 * token. Decoding accepts exactly one spelling of each byte string: no padding, no whitespace, no
 * characters outside {@code A-Z a-z 0-9 - _}, no length of 1 modulo 4, and no set bits in the
 * unused low bits of the last character (so a token cannot be altered without changing its bytes).
 *
 * <p>Stateless and thread-safe.
 */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Encodes without padding.
   *
   * @param bytes the bytes
   * @return base64url text
   */
  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes {@code text[start, end)} strictly.
   *
   * @param text the text
   * @param start first character
   * @param end one past the last character
   * @return the bytes, or {@code null} if the text is not canonical unpadded base64url
   */
  public static byte[] decode(CharSequence text, int start, int end) {
    int length = end - start;
    if (length < 0 || length % 4 == 1) {
      return null;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return null;
      }
    }
    if (length % 4 != 0) {
      int last = VALUES[text.charAt(end - 1)];
      int unusedBits = length % 4 == 2 ? 4 : 2;
      if ((last & ((1 << unusedBits) - 1)) != 0) {
        return null;
      }
    }
    byte[] ascii = new byte[length];
    for (int i = 0; i < length; i++) {
      ascii[i] = (byte) text.charAt(start + i);
    }
    return DECODER.decode(ascii);
  }

  /**
   * Decodes a whole string strictly.
   *
   * @param text the text
   * @return the bytes, or {@code null} if the text is not canonical unpadded base64url
   */
  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }
}
