package io.hiroi.auth;

/**
 * The host's user repository as {@link PasswordResetService} needs it: the lookup and hash update
 * of {@link PasswordAccounts}, plus whether a user has a second factor enrolled (so that the
 * reset result can tell the host that the next sign-in still needs it).
 *
 * <p>Implementations must be thread-safe.
 */
public interface PasswordResetAccounts extends PasswordAccounts {
  /**
   * Tells whether a user has a second factor (TOTP, a passkey) that sign-in requires.
   *
   * @param userId the user
   * @return {@code true} if the user must pass a second factor to sign in
   */
  boolean hasSecondFactor(String userId);
}
