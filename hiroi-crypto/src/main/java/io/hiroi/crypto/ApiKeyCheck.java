package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.Optional;

/**
 * The outcome of {@link ApiKeys#parse(String)}: a well-formed key, or why the text is not one. A
 * failed check needs no database lookup; the reason is for logs, a client gets one generic answer.
 *
 * <p>Immutable and thread-safe. Its {@code toString} never holds the key.
 */
public final class ApiKeyCheck {
  /** Why a text is not a usable API key. */
  public enum Failure {
    /** Wrong length, characters outside base62, no {@code _}, or a value over 256 bits. */
    MALFORMED,
    /** Well-formed, but the checksum does not match: a typo or a made-up key. */
    BAD_CHECKSUM,
    /** Well-formed with a valid checksum, but for another prefix (another product or environment). */
    WRONG_PREFIX
  }

  private final ApiKey key;
  private final Failure failure;

  private ApiKeyCheck(ApiKey key, Failure failure) {
    this.key = key;
    this.failure = failure;
  }

  static ApiKeyCheck ok(ApiKey key) {
    return new ApiKeyCheck(key, null);
  }

  static ApiKeyCheck failed(Failure failure) {
    return new ApiKeyCheck(null, failure);
  }

  /**
   * Tells whether the text is a well-formed key with the expected prefix.
   *
   * @return {@code true} when {@link #key()} may be called
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns the parsed key.
   *
   * @return the key
   * @throws IllegalStateException if the check failed
   */
  public ApiKey key() {
    if (failure != null) {
      throw new IllegalStateException(Errors.notSuccessful("API key check", failure));
    }
    return key;
  }

  /**
   * Returns why the check failed.
   *
   * @return the reason, or empty when valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return failure == null ? "ApiKeyCheck[valid, key=[redacted]]" : "ApiKeyCheck[failure=" + failure + "]";
  }
}
