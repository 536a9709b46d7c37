package io.hiroi.crypto;

import io.hiroi.core.ConstantTime;

/**
 * An API key in hiroi's format ({@code <prefix>_<43 base62 chars><6 base62 chars of CRC32>}),
 * whose format and checksum have been checked. The key is a bearer secret: {@link #toString()}
 * prints {@code [redacted]}; only {@link #reveal()} gives the text, to show it to its owner once.
 *
 * <p>Immutable and thread-safe. Equality is constant-time over the whole key.
 */
public final class ApiKey {
  private final String value;
  private final String prefix;

  ApiKey(String value, String prefix) {
    this.value = value;
    this.prefix = prefix;
  }

  /**
   * Returns the key text, for showing it to its owner once or sending it as a credential. Never
   * log or store it: store {@link ApiKeys#hash(ApiKey)}.
   *
   * @return the whole key
   */
  public String reveal() {
    return value;
  }

  /**
   * Returns the prefix (not secret), such as {@code hk_live}.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey && ConstantTime.equals(value, ((ApiKey) o).value);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode();
  }

  /** Returns {@code [redacted]}, never the key. */
  @Override
  public String toString() {
    return "[redacted]";
  }
}
