package io.hiroi.auth;

import java.util.Objects;

/**
 * One account as {@link PasswordAccounts} returns it: the user id and the stored PHC password hash.
 * {@link #toString()} names neither.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordAccount {
  private final String userId;
  private final String passwordHash;

  private PasswordAccount(String userId, String passwordHash) {
    this.userId = userId;
    this.passwordHash = passwordHash;
  }

  /**
   * Describes an account.
   *
   * @param userId the user id
   * @param passwordHash the stored PHC string ({@code $argon2id$...})
   * @return the account
   * @throws NullPointerException if an argument is null
   */
  public static PasswordAccount of(String userId, String passwordHash) {
    return new PasswordAccount(Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(passwordHash, "passwordHash"));
  }

  /**
   * Returns the user id.
   *
   * @return the user id
   */
  public String userId() {
    return userId;
  }

  /**
   * Returns the stored password hash.
   *
   * @return the PHC string
   */
  public String passwordHash() {
    return passwordHash;
  }

  @Override
  public String toString() {
    return "PasswordAccount[redacted]";
  }
}
