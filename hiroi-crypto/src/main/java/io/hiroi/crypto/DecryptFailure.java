package io.hiroi.crypto;

/**
 * Why an envelope did not decrypt. The reason is for server logs and metrics; a client (or an
 * attacker) should see one generic failure, since the differences tell it which bytes to change.
 * Whatever the reason, no plaintext was released.
 */
public enum DecryptFailure {
  /** Not base64url, shorter than an empty envelope (33 bytes), or larger than the configured maximum. */
  MALFORMED,
  /** The version byte is not {@code 0x01}. */
  UNSUPPORTED_VERSION,
  /** The key id is not in the key ring (removed after rotation, or never there). */
  UNKNOWN_KEY,
  /**
   * The tag did not verify: the envelope was changed, or it belongs to another context, purpose or
   * key ring.
   */
  AUTHENTICATION_FAILED
}
