package io.hiroi.benchmarks.password;

/**
 * hiroi's {@code PasswordHasher}. <strong>TODO (pending merge):</strong> it is being written on
 * another branch and is not in this tree yet, so this adapter throws {@link
 * UnsupportedOperationException} and the benchmark runs with {@code -p impl=bouncyCastle} until it
 * lands. Once merged it is, against the API drafted so far:
 *
 * <pre>{@code
 * private final PasswordHasher hasher = PasswordHasher.defaults();   // m=19456, t=2, p=1
 * public Object hash(char[] password) { return hasher.hash(password); } // PHC string
 * }</pre>
 *
 * <p>The difference from {@code bouncyCastle} is then hiroi's own work around the same generator:
 * the UTF-8 length check and encoding, clearing copies, and writing the PHC string.
 */
final class HiroiPasswordHasher implements PasswordHash {
  HiroiPasswordHasher() {
    throw new UnsupportedOperationException(
        "TODO: hiroi's PasswordHasher is not merged into this branch yet; run with -p impl=bouncyCastle");
  }

  @Override
  public Object hash(char[] password) {
    throw new UnsupportedOperationException("pending merge");
  }
}
