package io.hiroi.crypto.internal;

import java.util.Base64;

/**
 * An Argon2id password hash in the PHC string format that the reference {@code argon2} tool and
 * other libraries write: {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>},
 * salt and hash in standard base64 without padding.
 *
 * <p>{@link #parse(String)} is strict and accepts exactly one spelling of each value: the
 * algorithm {@code argon2id} (not argon2i or argon2d), the version {@code v=19} (not v=16, not
 * left out), the three parameters in the order m, t, p, decimal numbers without sign or leading
 * zeros that fit in 31 bits, unpadded standard base64 with zero trailing bits, no further fields
 * (no {@code keyid=} or {@code data=}), at most {@value #MAX_LENGTH} characters. It also enforces
 * the limits that hold for every hash hiroi accepts, whatever its configuration: 1 to {@value
 * #MAX_PARALLELISM} lanes, at least 8 KiB per lane, a salt of {@value #MIN_SALT_LENGTH} to
 * {@value #MAX_SALT_LENGTH} bytes and a hash of {@value #MIN_HASH_LENGTH} to {@value
 * #MAX_HASH_LENGTH} bytes. Memory and iteration ceilings are the caller's (they are configured per
 * hasher). A rejection is an {@link IllegalArgumentException} whose message names the problem and
 * never repeats the input.
 *
 * <p>Immutable and thread-safe; {@link #salt()} and {@link #hash()} return copies. Not a record,
 * so {@link #toString()} shows the parameters only.
 */
public final class PhcString {
  /** The longest string {@link #parse(String)} reads; every hash within the limits is shorter. */
  public static final int MAX_LENGTH = 256;
  /** Fewest salt bytes accepted: the reference test vectors use 8-byte salts. */
  public static final int MIN_SALT_LENGTH = 8;
  /** Most salt bytes accepted. */
  public static final int MAX_SALT_LENGTH = 64;
  /** Fewest hash bytes accepted. */
  public static final int MIN_HASH_LENGTH = 16;
  /** Most hash bytes accepted. */
  public static final int MAX_HASH_LENGTH = 64;
  /** Most lanes accepted. */
  public static final int MAX_PARALLELISM = 16;

  private static final String PREFIX = "$argon2id$v=19$";

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final byte[] salt;
  private final byte[] hash;

  private PhcString(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * Writes the PHC string of an Argon2id v=19 hash.
   *
   * @param memoryKiB m
   * @param iterations t
   * @param parallelism p
   * @param salt the salt
   * @param hash the tag
   * @return {@code $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>}
   */
  public static String format(
      int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + '$'
        + b64.encodeToString(salt)
        + '$'
        + b64.encodeToString(hash);
  }

  /**
   * Parses a PHC string strictly (see the class description).
   *
   * @param text the stored hash
   * @return its parameters, salt and hash
   * @throws IllegalArgumentException if {@code text} is not an accepted argon2id v=19 PHC string;
   *     the message names the problem, never the text
   * @throws NullPointerException if {@code text} is null
   */
  public static PhcString parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(Errors.phcTooLong(MAX_LENGTH, text.length()));
    }
    // Fields: "", algorithm, version, parameters, salt, hash. The limit -1 keeps empty fields, so
    // a trailing '$' or an empty salt is seen and rejected rather than dropped.
    String[] fields = text.split("\\$", -1);
    if (fields.length < 4 || !fields[0].isEmpty()) {
      throw new IllegalArgumentException(Errors.phcShape());
    }
    checkAlgorithm(fields[1]);
    if (!"v=19".equals(fields[2])) {
      // Also a string without a version field, which the reference tool reads as v=16.
      throw new IllegalArgumentException(Errors.phcVersion());
    }
    if (fields.length != 6) {
      throw new IllegalArgumentException(Errors.phcShape());
    }
    String[] parameters = fields[3].split(",", -1);
    if (parameters.length != 3
        || !parameters[0].startsWith("m=")
        || !parameters[1].startsWith("t=")
        || !parameters[2].startsWith("p=")) {
      throw new IllegalArgumentException(Errors.phcParameters());
    }
    int m = decimal("m", parameters[0].substring(2));
    int t = decimal("t", parameters[1].substring(2));
    int p = decimal("p", parameters[2].substring(2));
    if (p < 1 || p > MAX_PARALLELISM) {
      throw new IllegalArgumentException(Errors.phcOutOfRange("p", 1, MAX_PARALLELISM, p));
    }
    if (t < 1) {
      throw new IllegalArgumentException(Errors.phcOutOfRange("t", 1, Integer.MAX_VALUE, t));
    }
    if (m < 8 * p) {
      throw new IllegalArgumentException(
          Errors.phcOutOfRange("m (at least 8 KiB per lane)", 8L * p, Integer.MAX_VALUE, m));
    }
    byte[] salt = base64("salt", fields[4]);
    if (salt.length < MIN_SALT_LENGTH || salt.length > MAX_SALT_LENGTH) {
      throw new IllegalArgumentException(
          Errors.phcOutOfRange("salt length", MIN_SALT_LENGTH, MAX_SALT_LENGTH, salt.length));
    }
    byte[] hash = base64("hash", fields[5]);
    if (hash.length < MIN_HASH_LENGTH || hash.length > MAX_HASH_LENGTH) {
      throw new IllegalArgumentException(
          Errors.phcOutOfRange("hash length", MIN_HASH_LENGTH, MAX_HASH_LENGTH, hash.length));
    }
    return new PhcString(m, t, p, salt, hash);
  }

  private static void checkAlgorithm(String algorithm) {
    switch (algorithm) {
      case "argon2id":
        return;
      case "argon2i":
      case "argon2d":
        // Only these two literal names are echoed: they are our constants, not the input.
        String variant = "argon2i".equals(algorithm) ? "argon2i" : "argon2d";
        throw new IllegalArgumentException(Errors.phcVariantNotAccepted(variant));
      default:
        throw new IllegalArgumentException(Errors.phcNotArgon2());
    }
  }

  /** Canonical decimal: digits only, no sign, no leading zero (except "0" itself), below 2^31. */
  private static int decimal(String field, String digits) {
    int n = digits.length();
    if (n == 0 || n > 10 || (n > 1 && digits.charAt(0) == '0')) {
      throw new IllegalArgumentException(Errors.phcNumber(field));
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(Errors.phcNumber(field));
      }
      value = value * 10 + (c - '0');
    }
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(Errors.phcNumber(field));
    }
    return (int) value;
  }

  /** Unpadded standard base64 whose trailing bits are zero, so each value has one spelling. */
  private static byte[] base64(String field, String text) {
    int n = text.length();
    if (n % 4 == 1) {
      throw new IllegalArgumentException(Errors.phcBase64(field));
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
              || c == '/';
      if (!ok) {
        throw new IllegalArgumentException(Errors.phcBase64(field));
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // Not reached after the checks above; the JDK's message would quote the input.
      throw new IllegalArgumentException(Errors.phcBase64(field));
    }
    // The JDK decoder ignores set bits after the last whole byte; re-encoding exposes them.
    if (!Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
      throw new IllegalArgumentException(Errors.phcBase64(field));
    }
    return bytes;
  }

  /**
   * Returns m.
   *
   * @return the memory in KiB
   */
  public int memoryKiB() {
    return memoryKiB;
  }

  /**
   * Returns t.
   *
   * @return the number of passes
   */
  public int iterations() {
    return iterations;
  }

  /**
   * Returns p.
   *
   * @return the number of lanes
   */
  public int parallelism() {
    return parallelism;
  }

  /**
   * Returns a copy of the salt.
   *
   * @return the salt bytes
   */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * Returns the salt length without copying the salt.
   *
   * @return the salt length in bytes
   */
  public int saltLength() {
    return salt.length;
  }

  /**
   * Returns a copy of the hash (the Argon2 tag).
   *
   * @return the hash bytes
   */
  public byte[] hash() {
    return hash.clone();
  }

  /**
   * Returns the hash length without copying the hash.
   *
   * @return the hash length in bytes
   */
  public int hashLength() {
    return hash.length;
  }

  /** Shows the parameters and lengths, never the salt or hash. */
  @Override
  public String toString() {
    return "PhcString[argon2id, v=19, m="
        + memoryKiB
        + ", t="
        + iterations
        + ", p="
        + parallelism
        + ", saltLength="
        + salt.length
        + ", hashLength="
        + hash.length
        + "]";
  }
}
