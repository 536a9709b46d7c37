package io.hiroi.crypto.internal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Raw Argon2id, version 0x13 (RFC 9106), over Bouncy Castle's {@link Argon2BytesGenerator}. It
 * checks nothing: callers validate parameters first (see {@link PhcString} and {@code
 * PasswordHasher.Builder}).
 *
 * <p>Each call uses a fresh generator, so the memory it fills becomes garbage when the call ends
 * (Bouncy Castle zeroes the blocks before it returns) and concurrent calls share nothing. The
 * copies of salt and secret that this class hands to Bouncy Castle are cleared when the call
 * ends; Bouncy Castle makes one more short-lived copy of the secret while it hashes that cannot be
 * cleared from outside.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class Argon2id {
  private Argon2id() {}

  /**
   * Computes an Argon2id v=19 tag.
   *
   * @param password the password bytes P (not modified, not kept)
   * @param salt the salt S
   * @param secret the secret K (a pepper), or {@code null} for none
   * @param associatedData the associated data X, or {@code null} for none
   * @param memoryKiB m, at least 8 * parallelism
   * @param iterations t, at least 1
   * @param parallelism p, at least 1
   * @param tagLength T in bytes, at least 4
   * @return the tag; the caller may zero it when done
   */
  public static byte[] compute(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] associatedData,
      int memoryKiB,
      int iterations,
      int parallelism,
      int tagLength) {
    Argon2Parameters.Builder builder =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt);
    if (secret != null) {
      builder.withSecret(secret);
    }
    if (associatedData != null) {
      builder.withAdditional(associatedData);
    }
    Argon2Parameters parameters = builder.build();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters);
      byte[] tag = new byte[tagLength];
      generator.generateBytes(password, tag);
      return tag;
    } finally {
      builder.clear();
      parameters.clear();
    }
  }
}
