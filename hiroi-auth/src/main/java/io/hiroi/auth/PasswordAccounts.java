package io.hiroi.auth;

import java.util.Optional;

/**
 * The host's user repository as {@link PasswordAuthenticator} needs it: find an account by its
 * normalised email, and store a new password hash.
 *
 * <p>Implementations must be thread-safe.
 */
public interface PasswordAccounts {
  /**
   * Finds the account of an email address.
   *
   * @param email the address, trimmed and lower-cased
   * @return the account, or empty if there is none
   */
  Optional<PasswordAccount> findByEmail(String email);

  /**
   * Replaces a user's stored password hash (after a rehash on login, or a reset).
   *
   * @param userId the user
   * @param passwordHash the new PHC string
   */
  void updatePasswordHash(String userId, String passwordHash);
}
