package io.hiroi.crypto.internal;

/**
 * Every message hiroi-crypto puts in an exception, in one file so a review can check that none
 * holds a secret, a token, a password, a key or attacker-supplied text. Messages may name
 * settings, sizes, key ids and allowed ranges.
 */
public final class Errors {
  private Errors() {}

  // ---- KeyRing and HKDF ------------------------------------------------------------------------

  // ---- CredentialCipher and the credential lifecycle --------------------------------------------

  // ---- ApiKeys ----------------------------------------------------------------------------------

  // ---- PasswordHasher ---------------------------------------------------------------------------

  // ---- Signed tokens ----------------------------------------------------------------------------

}
