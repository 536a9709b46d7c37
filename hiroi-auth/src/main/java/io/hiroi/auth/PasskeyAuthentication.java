package io.hiroi.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PasskeyService#finishAuthentication}: who signed in and the credential
 * updated with its new counter and backup state (write it back), or why the assertion was refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeyAuthentication {
  private final PasskeyCredential credential;
  private final boolean userVerified;
  private final boolean signCountRegressed;
  private final PasskeyFailure failure;
  private final Duration retryAfter;

  private PasskeyAuthentication(
      PasskeyCredential credential, boolean userVerified, boolean signCountRegressed, PasskeyFailure failure, Duration retryAfter) {
    this.credential = credential;
    this.userVerified = userVerified;
    this.signCountRegressed = signCountRegressed;
    this.failure = failure;
    this.retryAfter = retryAfter;
  }

  static PasskeyAuthentication verified(PasskeyCredential credential, boolean userVerified, boolean signCountRegressed) {
    return new PasskeyAuthentication(Objects.requireNonNull(credential, "credential"), userVerified, signCountRegressed, null, null);
  }

  static PasskeyAuthentication refused(PasskeyFailure failure) {
    return new PasskeyAuthentication(null, false, false, Objects.requireNonNull(failure, "failure"), null);
  }

  static PasskeyAuthentication throttled(Duration retryAfter) {
    return new PasskeyAuthentication(null, false, false, PasskeyFailure.THROTTLED, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  /**
   * Returns how long the client should wait before trying again, for a {@link
   * PasskeyFailure#THROTTLED} refusal (a {@code Retry-After} value).
   *
   * @return the wait, or empty when not throttled
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Tells whether the assertion verified.
   *
   * @return {@code true} when {@link #credential()} is present
   */
  public boolean isValid() {
    return credential != null;
  }

  /**
   * Returns the handle of the user who signed in; map it to your user id.
   *
   * @return the user handle (base64url), or empty when refused
   */
  public Optional<String> userHandle() {
    return credential().map(PasskeyCredential::userHandle);
  }

  /**
   * Returns the credential used, with its new counter and backup state, to store back.
   *
   * @return the updated credential, or empty when refused
   */
  public Optional<PasskeyCredential> credential() {
    return Optional.ofNullable(credential);
  }

  /**
   * Tells whether the authenticator verified the user (PIN, biometrics): a second factor in one
   * step, when the host's policy counts it so.
   *
   * @return the UV flag of a valid assertion; {@code false} when refused
   */
  public boolean userVerified() {
    return userVerified;
  }

  /**
   * Tells whether the counter did not grow (only possible as a valid outcome when the service
   * allows counter regression): the authenticator may have been cloned; alert, audit, review.
   *
   * @return whether the counter regressed
   */
  public boolean signCountRegressed() {
    return signCountRegressed;
  }

  /**
   * Returns why the assertion was refused.
   *
   * @return the reason, or empty when valid
   */
  public Optional<PasskeyFailure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return credential != null ? "PasskeyAuthentication[valid]" : "PasskeyAuthentication[" + failure + "]";
  }
}
