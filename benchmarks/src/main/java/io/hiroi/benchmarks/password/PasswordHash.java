package io.hiroi.benchmarks.password;

/**
 * The adapter each password-hashing implementation sits behind (STYLE rule 33): one Argon2id hash
 * of a password under a fresh random 16-byte salt, at m = {@value #MEMORY_KIB} KiB, t = {@value
 * #ITERATIONS}, p = {@value #PARALLELISM}, a {@value #HASH_BYTES}-byte tag (DESIGN.md, "Password
 * hashes").
 */
interface PasswordHash {
  int MEMORY_KIB = 19456;
  int ITERATIONS = 2;
  int PARALLELISM = 1;
  int SALT_BYTES = 16;
  int HASH_BYTES = 32;

  /**
   * Hashes a password under a fresh salt.
   *
   * @param password the password
   * @return the result (a tag or a PHC string), to be consumed
   */
  Object hash(char[] password);

  /**
   * Creates the implementation named by the benchmark's {@code impl} parameter.
   *
   * @param impl {@code bouncyCastle} or {@code hiroi}
   * @return a new instance, thread-safe
   */
  static PasswordHash create(String impl) {
    switch (impl) {
      case "bouncyCastle":
        return new BouncyCastleArgon2id();
      case "hiroi":
        return new HiroiPasswordHasher();
      default:
        throw new IllegalArgumentException("unknown password hash implementation: " + impl);
    }
  }
}
