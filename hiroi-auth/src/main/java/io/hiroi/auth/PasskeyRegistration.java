package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PasskeyService#finishRegistration}: the verified credential to store
 * (check that its id is not already registered: make the credential id unique in the table), or
 * why the response was refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeyRegistration {
  private final PasskeyCredential credential;
  private final PasskeyFailure failure;

  private PasskeyRegistration(PasskeyCredential credential, PasskeyFailure failure) {
    this.credential = credential;
    this.failure = failure;
  }

  static PasskeyRegistration registered(PasskeyCredential credential) {
    return new PasskeyRegistration(Objects.requireNonNull(credential, "credential"), null);
  }

  static PasskeyRegistration refused(PasskeyFailure failure) {
    return new PasskeyRegistration(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the response verified.
   *
   * @return {@code true} when {@link #credential()} is present
   */
  public boolean isValid() {
    return credential != null;
  }

  /**
   * Returns the new credential.
   *
   * @return the credential, or empty when refused
   */
  public Optional<PasskeyCredential> credential() {
    return Optional.ofNullable(credential);
  }

  /**
   * Returns why the response was refused.
   *
   * @return the reason, or empty when valid
   */
  public Optional<PasskeyFailure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return credential != null ? "PasskeyRegistration[valid]" : "PasskeyRegistration[" + failure + "]";
  }
}
