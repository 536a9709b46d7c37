package io.hiroi.benchmarks.password;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Bouncy Castle's {@link Argon2BytesGenerator} called directly, as hiroi's {@code PasswordHasher}
 * calls it: Argon2id v=19, a fresh generator and a fresh random salt per hash, the password
 * encoded as UTF-8.
 */
final class BouncyCastleArgon2id implements PasswordHash {
  private final SecureRandom random = new SecureRandom();

  @Override
  public Object hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] passwordBytes = new byte[encoded.remaining()];
    encoded.get(passwordBytes);
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(MEMORY_KIB)
            .withIterations(ITERATIONS)
            .withParallelism(PARALLELISM)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] tag = new byte[HASH_BYTES];
    generator.generateBytes(passwordBytes, tag);
    return tag;
  }
}
