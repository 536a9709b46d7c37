package io.hiroi.auth;

/**
 * A change to an account that a stolen session must not be able to make on its own: each needs
 * a recent authentication ({@link SessionManager#needsStepUp}).
 *
 * <p>Immutable and thread-safe.
 */
public enum SensitiveChange {
  /** Changing the account's email address (it receives magic links and reset tokens). */
  EMAIL,
  /** Changing the password. */
  PASSWORD,
  /** Adding or removing a second factor (TOTP, passkey). */
  SECOND_FACTOR,
  /** Showing or regenerating recovery codes. */
  RECOVERY_CODES;

  /**
   * Tells whether a user who has a second factor must use it again for this change, not just a
   * password: changes that could remove or bypass the second factor itself.
   *
   * @return {@code true} for {@link #SECOND_FACTOR}, {@link #RECOVERY_CODES} and {@link #EMAIL}
   */
  public boolean needsSecondFactor() {
    return this != PASSWORD;
  }
}
