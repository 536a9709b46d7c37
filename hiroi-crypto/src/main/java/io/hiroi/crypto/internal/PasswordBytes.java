package io.hiroi.crypto.internal;

import java.util.Arrays;

/**
 * Strict UTF-8 encoding of a password straight into one exact-size array that the caller zeroes,
 * without the intermediate {@code String}, {@code ByteBuffer} or replacement characters of the JDK
 * encoders. An unpaired surrogate has no UTF-8 encoding and is reported, never replaced with
 * {@code ?}: replacing it would let two different passwords hash alike.
 *
 * <p>No Unicode normalization is applied: the NFC and NFD forms of the same text are different
 * passwords.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class PasswordBytes {
  /** Returned by {@link #utf8Length(CharSequence)} for text with an unpaired surrogate. */
  public static final long MALFORMED = -1;

  private PasswordBytes() {}

  /**
   * Returns the number of bytes of the UTF-8 encoding of {@code text}, or {@link #MALFORMED} when
   * it holds an unpaired surrogate.
   *
   * @param text the password
   * @return the encoded length, or {@link #MALFORMED}
   */
  public static long utf8Length(CharSequence text) {
    long length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          length += 4;
          i++;
        } else {
          return MALFORMED;
        }
      } else if (Character.isLowSurrogate(c)) {
        return MALFORMED;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /**
   * Encodes {@code text} as UTF-8 into a new array of exactly {@code length} bytes.
   *
   * @param text a well-formed password
   * @param length its {@link #utf8Length(CharSequence)}, not {@link #MALFORMED}
   * @return the encoding; the caller overwrites it with zeros when done
   * @throws IllegalStateException if {@code text} changed since its length was measured (another
   *     thread wrote to the caller's array)
   */
  public static byte[] encodeUtf8(CharSequence text, int length) {
    byte[] out = new byte[length];
    int pos = 0;
    int n = text.length();
    try {
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c < 0x80) {
          out[pos++] = (byte) c;
        } else if (c < 0x800) {
          out[pos++] = (byte) (0xC0 | (c >> 6));
          out[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          // utf8Length has checked that surrogates come in high-low pairs; recheck in case the
          // caller's array changed since.
          char low = text.charAt(++i);
          if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
            throw changed(out);
          }
          int cp = Character.toCodePoint(c, low);
          out[pos++] = (byte) (0xF0 | (cp >> 18));
          out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          out[pos++] = (byte) (0xE0 | (c >> 12));
          out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    } catch (IndexOutOfBoundsException e) {
      throw changed(out);
    }
    if (pos != length) {
      throw changed(out);
    }
    return out;
  }

  private static IllegalStateException changed(byte[] partial) {
    Arrays.fill(partial, (byte) 0);
    return new IllegalStateException(Errors.passwordChangedWhileEncoded());
  }
}
