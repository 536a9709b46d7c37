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

  // ---- ApiKeys ----------------------------------------------------------------------------------

  // ---- PasswordHasher ---------------------------------------------------------------------------

  // ---- Signed tokens ----------------------------------------------------------------------------

  public static String settingTwice(String setting) {
    return setting + " was already set";
  }

  public static String tokenLeewayRange(java.time.Duration leeway) {
    return "token leeway must be between PT0S and PT5M, was " + leeway;
  }

  public static String maxTokenLengthRange(int min, int max, int length) {
    return "maxTokenLength must be between " + min + " and " + max + " characters, was " + length;
  }

  public static String keyIdPrefixInvalid(int length) {
    return "keyIdPrefix must be 1 to 128 printable ASCII characters without spaces, quotes or"
        + " backslashes (length was " + length + ")";
  }

  public static String tokenTtlRange(java.time.Duration ttl) {
    return "token ttl must be at least 1 second and end by 9999-12-31T23:59:59Z, was " + ttl;
  }

  public static String expectedAudienceEmpty() {
    return "expectedAudience must not be empty";
  }

  public static String tokenTooLong(int length, int max) {
    return "signed token would be " + length + " characters, more than maxTokenLength " + max
        + "; send fewer or shorter claims";
  }

  public static String claimRequired(String setting) {
    return "token claims need " + setting;
  }

  public static String claimTimeRange(String setting, java.time.Instant value) {
    return setting + " must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was " + value;
  }

  public static String claimTimeOrder(String earlier, String later) {
    return later + " must be after " + earlier;
  }

  public static String claimTextInvalid(String setting) {
    return setting + " must not be empty and must be valid UTF-16 (no unpaired surrogate)";
  }

  public static String claimNameReserved(String name) {
    return "claim name \"" + name + "\" is a registered claim; use its own builder method"
        + " (jti is always drawn by hiroi)";
  }

  public static String claimNameInvalid(int length) {
    return "custom claim names must be 1 to 256 characters of valid UTF-16 (length was " + length + ")";
  }

  public static String claimIntegerRange() {
    return "custom integer claims must be between -9007199254740991 and 9007199254740991 (RFC 7493"
        + " I-JSON), so that every JSON reader reads them exactly";
  }

  public static String claimTwice() {
    return "this custom claim was already set";
  }

  public static String tokenInvalid(String failure) {
    return "the token is not valid (" + failure + "); check isValid() before claims()";
  }

  public static String hmacUnavailable() {
    return "HmacSHA256 is unavailable, but every Java SE runtime must provide it";
  }

}
