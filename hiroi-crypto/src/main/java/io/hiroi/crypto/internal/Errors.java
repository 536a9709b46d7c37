package io.hiroi.crypto.internal;

/**
 * Every message hiroi-crypto puts in an exception, in one file so a review can check that none
 * holds a secret, a token, a password, a key or attacker-supplied text. Messages may name
 * settings, sizes, key ids and allowed ranges.
 */
public final class Errors {
  private Errors() {}

  // ---- KeyRing and HKDF ------------------------------------------------------------------------

  public static String hkdfLength(int length) {
    return "hkdf output length must be between 1 and " + Hkdf.MAX_LENGTH + " bytes, was " + length;
  }

  public static String keyIdRange(long keyId) {
    return "key id must be between 0 and " + Integer.MAX_VALUE + ", was " + keyId;
  }

  public static String keyTooShort(int keyId, int length) {
    return "master secret of key id " + keyId + " must be at least 32 bytes, was " + length;
  }

  public static String duplicateKeyId(int keyId) {
    return "key id " + keyId + " appears more than once in the key ring";
  }

  public static String keyRingEmpty() {
    return "key ring has no keys; hiroi has no built-in key, configure at least one";
  }

  public static String primaryMissing(int primary) {
    return "primary key id " + primary + " is not in the key ring";
  }

  public static String primaryNotSet() {
    return "key ring has no primary key id";
  }

  public static String unknownKeyId(int keyId) {
    return "key id " + keyId + " is not in the key ring";
  }

  public static String purposeInvalid(int length) {
    return "purpose must be 1 to 256 printable ASCII characters without spaces (length was " + length + ")";
  }

  public static String keyRingJson(String detail) {
    return "key ring JSON is invalid: " + detail;
  }

  public static String keyRingFileUnreadable(String file) {
    return "cannot read key ring file " + file;
  }

  public static String keyRingEnvMissing(String variable) {
    return "environment variable " + variable + " is not set or empty; hiroi has no default key";
  }

  public static String keyRingEnvNotBase64(String variable) {
    return "environment variable " + variable + " must hold the key ring JSON in base64";
  }

  // ---- CredentialCipher and the credential lifecycle --------------------------------------------

  public static String aesKeySize(int length) {
    return "AES-256-GCM key must be 32 bytes, was " + length;
  }

  public static String contextInvalid(int length) {
    return "context must be 1 to 1024 characters, was " + length;
  }

  public static String plaintextTooLarge(int max, int length) {
    return "plaintext must be at most " + max + " bytes, was " + length;
  }

  public static String maxPlaintextRange(int value) {
    return "maxPlaintextBytes must be between 1 and " + (1 << 26) + ", was " + value;
  }

  public static String settingTwice(String setting) {
    return setting + " was already set";
  }

  public static String notSuccessful(String what, Object failure) {
    return what + " failed (" + failure + "); check the outcome first";
  }

  public static String credentialIdInvalid(int length) {
    return "credential id must be 1 to 256 characters, was " + length;
  }

  // ---- ApiKeys ----------------------------------------------------------------------------------

  public static String apiKeyPrefix(int length) {
    return "API key prefix must match [a-z][a-z0-9]*(_[a-z0-9]+)* and be at most 24 characters (length was "
        + length + ")";
  }

  public static String storedApiKeyHash() {
    return "stored API key hash must be <kid>:<64 lower-case hex digits>";
  }

  // ---- PasswordHasher ---------------------------------------------------------------------------

  // ---- Signed tokens ----------------------------------------------------------------------------

}
