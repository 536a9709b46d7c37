package io.hiroi.auth.internal;

import io.hiroi.crypto.internal.StrictBase64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random tokens and their storage hashes. Tokens carry 256 bits from one shared {@link
 * SecureRandom}; stores keep only {@link #sha256Hex(String) SHA-256} of the token text.
 *
 * <p>Why SHA-256 and not a slow password hash: the input is 256 uniformly random bits, so nobody
 * can enumerate candidates, whatever the hash costs; a salt or a work factor defends low-entropy
 * input (passwords) and would only add cost to every request here. A read of the store (a
 * backup, a replica, {@code MONITOR}) yields hashes from which no token can be recovered.
 *
 * <p>Stateless and thread-safe.
 */
public final class Secrets {
  /** Random bytes in every token. */
  public static final int TOKEN_BYTES = 32;

  /** Characters of {@link #TOKEN_BYTES} random bytes in base64url without padding. */
  public static final int TOKEN_CHARS = StrictBase64Url.encodedLength(TOKEN_BYTES);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Secrets() {}

  /**
   * Draws 256 random bits.
   *
   * @return {@link #TOKEN_CHARS} characters of base64url
   */
  public static String randomToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return StrictBase64Url.encode(bytes);
  }

  /**
   * Draws {@code n} random bytes.
   *
   * @param n how many
   * @return fresh random bytes
   */
  public static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Tells whether {@code text[from, from + TOKEN_CHARS)} is exactly the canonical base64url of 32 bytes.
   *
   * @param text the text
   * @param from where the random part starts
   * @return {@code true} if it is
   */
  public static boolean isTokenPart(String text, int from) {
    if (text.length() - from != TOKEN_CHARS) {
      return false;
    }
    byte[] ascii = new byte[TOKEN_CHARS];
    for (int i = 0; i < TOKEN_CHARS; i++) {
      char c = text.charAt(from + i);
      if (c > 0x7f) {
        return false;
      }
      ascii[i] = (byte) c;
    }
    return StrictBase64Url.isCanonical(ascii, 0, TOKEN_CHARS);
  }

  /**
   * The lowercase hex SHA-256 of a string's UTF-8 bytes.
   *
   * @param text the text
   * @return 64 hex characters
   */
  public static String sha256Hex(String text) {
    return hex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * SHA-256 of some bytes.
   *
   * @param bytes the input
   * @return 32 bytes
   */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /**
   * Lowercase hex.
   *
   * @param bytes the input
   * @return two characters per byte
   */
  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Checks a host-supplied identifier (user id, subject): 1 to {@code max} characters, no control
   * characters.
   *
   * @param name the argument's name, for the message
   * @param value the value
   * @param max the longest allowed length
   * @return {@code value}
   * @throws IllegalArgumentException if the value breaks the rule (the message omits the value)
   * @throws NullPointerException if {@code value} is null
   */
  public static String checkIdentifier(String name, String value, int max) {
    java.util.Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.length() > max) {
      throw Errors.badIdentifier(name, max, value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw Errors.badIdentifier(name, max, value.length());
      }
    }
    return value;
  }
}
