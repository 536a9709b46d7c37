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

  public static String siblingKeysInstallerNotKeyRing() {
    return "the key ring accessor is installed by KeyRing's class initialization only";
  }

  public static String siblingKeysInstalledAlready() {
    return "the key ring accessor is installed already";
  }

  public static String unknownKeyId(int keyId) {
    return "key id " + keyId + " is not in the key ring";
  }

  public static String purposeInvalid(int length) {
    return "purpose must be 1 to 256 printable ASCII characters without spaces (length was " + length + ")";
  }

  public static String purposeNotExportable(String purpose) {
    return "purpose key " + purpose + " is internal to hiroi and cannot be exported";
  }

  public static String purposeForAnotherAlgorithm(String purpose, String algorithm) {
    return "purpose " + purpose + " is reserved for hiroi's " + algorithm + " keys; use a purpose of its own";
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

  public static String contextNotUtf8() {
    return "context must be well-formed UTF-16 (it holds an unpaired surrogate)";
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

  /** A builder setting out of range: "argon2 parallelism must be between 1 and 16, was 0". */
  public static String argon2SettingOutOfRange(String setting, long min, long max, long was) {
    return setting + " must be between " + min + " and " + max + ", was " + was;
  }

  /** Memory and passes below every OWASP pair, without the explicit weak-parameter opt-in. */
  public static String argon2BelowOwaspMinimum(int memoryKiB, int iterations) {
    return "argon2 memoryKiB="
        + memoryKiB
        + " with iterations="
        + iterations
        + " is below every OWASP minimum (memoryKiB/iterations: 47104/1, 19456/2, 12288/3,"
        + " 9216/4, 7168/5); raise them, or call insecureAllowWeakParameters() in tests only";
  }

  /** Argon2 needs at least 8 KiB of memory per lane. */
  public static String argon2MemoryBelowLanes(int memoryKiB, int parallelism) {
    return "argon2 memoryKiB must be at least 8 * parallelism = "
        + (8L * parallelism)
        + ", was "
        + memoryKiB;
  }

  /** A verify limit set below the parameters the hasher itself produces. */
  public static String argon2VerifyLimitBelowHashing(
      String limit, int limitValue, String setting, int settingValue) {
    return limit + " (" + limitValue + ") must be at least " + setting + " (" + settingValue + ")";
  }

  /** A password longer than the configured limit: the limit and the size, never content. */
  public static String passwordTooLong(int maxBytes, long actualBytes) {
    return "password must be at most " + maxBytes + " bytes in UTF-8, was " + actualBytes
        + " bytes";
  }

  /** A password holding an unpaired surrogate, which has no UTF-8 encoding. */
  public static String passwordNotWellFormed() {
    return "password is not well-formed UTF-16 (it holds an unpaired surrogate) and cannot be"
        + " encoded as UTF-8";
  }

  /** The caller's password array changed while it was being encoded (a caller race). */
  public static String passwordChangedWhileEncoded() {
    return "password changed while it was encoded; do not share the array";
  }

  private static String phc(String problem) {
    return "password hash is not a valid argon2id PHC string: " + problem;
  }

  /** A stored hash longer than any the hasher accepts. */
  public static String phcTooLong(int maxLength, int length) {
    return phc("it must be at most " + maxLength + " characters, was " + length);
  }

  /** A stored hash that is not {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}. */
  public static String phcShape() {
    return phc("expected $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>");
  }

  /** Another Argon2 variant: {@code variant} is one of our own constants, never the input. */
  public static String phcVariantNotAccepted(String variant) {
    return phc("variant " + variant + " is not accepted, only argon2id");
  }

  /** Something other than an Argon2 algorithm identifier. */
  public static String phcNotArgon2() {
    return phc("the algorithm identifier is not argon2id");
  }

  /** A version other than v=19, or no version field. */
  public static String phcVersion() {
    return phc("the version must be v=19 (Argon2 1.3)");
  }

  /** The parameter field is not exactly {@code m=<d>,t=<d>,p=<d>}. */
  public static String phcParameters() {
    return phc("parameters must be exactly m=<KiB>,t=<iterations>,p=<lanes>");
  }

  /** A number that is not canonical decimal or does not fit 31 bits; the text is not echoed. */
  public static String phcNumber(String field) {
    return phc(field + " must be a decimal number without sign or leading zeros, below 2^31");
  }

  /** A parsed number or length outside the accepted range. */
  public static String phcOutOfRange(String field, long min, long max, long was) {
    return phc(field + " must be between " + min + " and " + max + ", was " + was);
  }

  /** Salt or hash not in unpadded, canonical standard base64. */
  public static String phcBase64(String field) {
    return phc(field + " must be unpadded, canonical standard base64 (A-Z a-z 0-9 + /)");
  }

  /** Stored parameters above what the hasher agrees to spend on one verification. */
  public static String phcAboveVerifyLimit(String field, long was, String limit, long limitValue) {
    return "password hash asks for "
        + field
        + "="
        + was
        + ", above "
        + limit
        + " "
        + limitValue
        + "; raise the limit if hashes this expensive are expected";
  }

  // ---- Signed tokens ----------------------------------------------------------------------------

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
