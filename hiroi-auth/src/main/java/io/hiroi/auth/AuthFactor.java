package io.hiroi.auth;

/**
 * A way the user proved who they are, recorded in the session at sign-in and at each step-up, so
 * that {@link SessionManager#needsStepUp} can ask for a fresh proof before a sensitive change.
 *
 * <p>Immutable and thread-safe.
 */
public enum AuthFactor {
  /** Something the user knows: a password. */
  PASSWORD,
  /** Possession of an email inbox: a magic link. */
  MAGIC_LINK,
  /** A sign-in through an external identity provider (OAuth / OpenID Connect). */
  FEDERATED,
  /** A time-based one-time password (RFC 6238). */
  TOTP,
  /** A passkey or security key (WebAuthn). */
  PASSKEY,
  /** A single-use recovery code. */
  RECOVERY_CODE;

  /**
   * Tells whether this factor counts as a second factor (something the user has), beside a
   * password or a magic link.
   *
   * @return {@code true} for {@link #TOTP}, {@link #PASSKEY} and {@link #RECOVERY_CODE}
   */
  public boolean isSecondFactor() {
    return this == TOTP || this == PASSKEY || this == RECOVERY_CODE;
  }
}
