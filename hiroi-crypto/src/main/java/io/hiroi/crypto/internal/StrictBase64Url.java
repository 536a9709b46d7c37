package io.hiroi.crypto.internal;

import java.util.Arrays;

/**
 * Base64url without padding (RFC 4648 section 5, as RFC 7515 section 2 uses it), read strictly so
 * that every byte string has exactly one accepted text form: only the 64 characters {@code A-Z a-z
 * 0-9 - _}, no padding {@code =}, no whitespace, no length of the form {@code 4n+1}, and the unused
 * low bits of the last character must be zero. A second spelling of the same bytes would let a
 * token be altered without changing what it means, so it is rejected rather than decoded.
 *
 * <p>Works on ASCII bytes (a token's {@code ISO_8859_1} encoding) with explicit ranges, so callers
 * can check and decode segments of one array without copying them out.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class StrictBase64Url {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Value of each byte as a base64url digit, or -1. */
  private static final byte[] VALUES = new byte[256];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
    }
  }

  private StrictBase64Url() {}

  /**
   * Returns the value of one character.
   *
   * @param c an ASCII byte
   * @return 0 to 63, or -1 if {@code c} is not a base64url character
   */
  public static int value(byte c) {
    return VALUES[c & 0xff];
  }

  /**
   * Tells whether {@code ascii[from, to)} is the one accepted encoding of some byte string: every
   * character in the alphabet, a length other than {@code 4n+1}, zero unused bits at the end. The
   * empty range is accepted (it encodes no bytes).
   *
   * @param ascii the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return {@code true} if the range is canonical base64url without padding
   */
  public static boolean isCanonical(byte[] ascii, int from, int to) {
    for (int i = from; i < to; i++) {
      if (VALUES[ascii[i] & 0xff] < 0) {
        return false;
      }
    }
    return hasCanonicalEnd(ascii, from, to);
  }

  /**
   * Like {@link #isCanonical} for a range whose characters the caller has already checked against
   * the alphabet: checks only the length and the unused bits of the last character.
   *
   * @param ascii the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return {@code true} if the length and the last character are canonical
   */
  public static boolean hasCanonicalEnd(byte[] ascii, int from, int to) {
    switch ((to - from) & 3) {
      case 0:
        return true;
      case 2:
        return (VALUES[ascii[to - 1] & 0xff] & 0x0f) == 0;
      case 3:
        return (VALUES[ascii[to - 1] & 0xff] & 0x03) == 0;
      default:
        return false;
    }
  }

  /**
   * Returns the number of bytes a canonical range of {@code encodedLength} characters decodes to.
   *
   * @param encodedLength characters, not of the form {@code 4n+1}
   * @return decoded bytes
   */
  public static int decodedLength(int encodedLength) {
    return encodedLength / 4 * 3 + (((encodedLength & 3) * 3) >> 2);
  }

  /**
   * Returns the number of characters {@code byteLength} bytes encode to, without padding.
   *
   * @param byteLength bytes
   * @return encoded characters
   */
  public static int encodedLength(int byteLength) {
    return byteLength / 3 * 4 + ((byteLength % 3 * 4 + 2) / 3);
  }

  /**
   * Decodes a range that {@link #isCanonical} accepted into {@code out} at {@code offset}.
   *
   * @param ascii the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param out where to write; needs {@link #decodedLength}{@code (to - from)} bytes at {@code
   *     offset}
   * @param offset first index to write
   * @return the number of bytes written
   */
  public static int decode(byte[] ascii, int from, int to, byte[] out, int offset) {
    int o = offset;
    int i = from;
    int fullEnd = from + ((to - from) & ~3);
    while (i < fullEnd) {
      int bits =
          VALUES[ascii[i] & 0xff] << 18
              | VALUES[ascii[i + 1] & 0xff] << 12
              | VALUES[ascii[i + 2] & 0xff] << 6
              | VALUES[ascii[i + 3] & 0xff];
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      i += 4;
      o += 3;
    }
    int rest = to - i;
    if (rest >= 2) {
      int bits = VALUES[ascii[i] & 0xff] << 18 | VALUES[ascii[i + 1] & 0xff] << 12;
      if (rest == 3) {
        bits |= VALUES[ascii[i + 2] & 0xff] << 6;
      }
      out[o++] = (byte) (bits >> 16);
      if (rest == 3) {
        out[o++] = (byte) (bits >> 8);
      }
    }
    return o - offset;
  }

  /**
   * Checks and decodes a range into a new array, in one pass.
   *
   * @param ascii the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return the bytes, or {@code null} if the range is not canonical base64url
   */
  public static byte[] decode(byte[] ascii, int from, int to) {
    if (((to - from) & 3) == 1) {
      return null;
    }
    byte[] out = new byte[decodedLength(to - from)];
    return decodeCanonical(ascii, from, to, out, 0) ? out : null;
  }

  /**
   * Checks and decodes a range into {@code out} at {@code offset}, in one pass: {@link
   * #isCanonical} and {@link #decode(byte[], int, int, byte[], int)} together. On {@code false}
   * {@code out} may hold a partial decoding, which the caller must not use.
   *
   * @param ascii the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param out where to write; needs {@link #decodedLength}{@code (to - from)} bytes at {@code
   *     offset}
   * @param offset first index to write
   * @return {@code true} if the range is canonical base64url and was decoded
   */
  public static boolean decodeCanonical(byte[] ascii, int from, int to, byte[] out, int offset) {
    if (((to - from) & 3) == 1) {
      return false;
    }
    int o = offset;
    int i = from;
    int fullEnd = from + ((to - from) & ~3);
    int invalid = 0;
    while (i < fullEnd) {
      int a = VALUES[ascii[i] & 0xff];
      int b = VALUES[ascii[i + 1] & 0xff];
      int c = VALUES[ascii[i + 2] & 0xff];
      int d = VALUES[ascii[i + 3] & 0xff];
      invalid |= a | b | c | d;
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      i += 4;
      o += 3;
    }
    for (int j = i; j < to; j++) {
      invalid |= VALUES[ascii[j] & 0xff];
    }
    // A negative value (-1 marks a character outside the alphabet) sets the sign bit.
    if (invalid < 0 || !hasCanonicalEnd(ascii, from, to)) {
      return false;
    }
    if (i < to) {
      decode(ascii, i, to, out, o);
    }
    return true;
  }

  /**
   * Encodes {@code bytes} into {@code out} at {@code offset}, without padding.
   *
   * @param bytes what to encode
   * @param out where to write; needs {@link #encodedLength}{@code (bytes.length)} bytes at {@code
   *     offset}
   * @param offset first index to write
   * @return the index after the last character written
   */
  public static int encode(byte[] bytes, byte[] out, int offset) {
    int o = offset;
    int i = 0;
    int fullEnd = bytes.length - bytes.length % 3;
    while (i < fullEnd) {
      int bits = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
      out[o] = ALPHABET[bits >>> 18];
      out[o + 1] = ALPHABET[(bits >>> 12) & 0x3f];
      out[o + 2] = ALPHABET[(bits >>> 6) & 0x3f];
      out[o + 3] = ALPHABET[bits & 0x3f];
      i += 3;
      o += 4;
    }
    int rest = bytes.length - i;
    if (rest > 0) {
      int bits = (bytes[i] & 0xff) << 16 | (rest == 2 ? (bytes[i + 1] & 0xff) << 8 : 0);
      out[o++] = ALPHABET[bits >>> 18];
      out[o++] = ALPHABET[(bits >>> 12) & 0x3f];
      if (rest == 2) {
        out[o++] = ALPHABET[(bits >>> 6) & 0x3f];
      }
    }
    return o;
  }

  /**
   * Encodes {@code bytes} as a string, without padding.
   *
   * @param bytes what to encode
   * @return the base64url text
   */
  public static String encode(byte[] bytes) {
    byte[] out = new byte[encodedLength(bytes.length)];
    encode(bytes, out, 0);
    return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Checks and decodes a whole string; any character outside ASCII makes it non-canonical.
   *
   * @param text the text
   * @return the bytes, or {@code null} if the text is not canonical base64url
   */
  public static byte[] decode(CharSequence text) {
    byte[] ascii = new byte[text.length()];
    for (int i = 0; i < ascii.length; i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        return null;
      }
      ascii[i] = (byte) c;
    }
    return decode(ascii, 0, ascii.length);
  }
}
