package io.hiroi.benchmarks.password;

import io.hiroi.crypto.PasswordHasher;

/**
 * hiroi's {@link PasswordHasher} at its defaults (m=19456 KiB, t=2, p=1). The difference from
 * {@code bouncyCastle} is hiroi's own work around the same generator: the UTF-8 length check and
 * encoding, a fresh salt, clearing copies, and writing the PHC string.
 */
final class HiroiPasswordHasher implements PasswordHash {
  private final PasswordHasher hasher = PasswordHasher.defaults();

  @Override
  public Object hash(char[] password) {
    return hasher.hash(password);
  }
}
