package io.hiroi.auth;

import java.util.Objects;

/**
 * A new TOTP secret, as {@link TotpService#enroll} makes it: the envelope to store with the user
 * ({@link #storedSecret()}, AES-256-GCM under the purpose {@value TotpService#PURPOSE}, bound to the
 * user id), and, to show once while the user scans it, the base32 secret and the {@code
 * otpauth://} URI for a QR code. Show those over HTTPS only, never log them, and drop this object.
 *
 * <p>{@link #toString()} is {@code [redacted]}. Immutable and thread-safe.
 */
public final class TotpEnrollment {
  private final String storedSecret;
  private final String secretBase32;
  private final String otpauthUri;

  TotpEnrollment(String storedSecret, String secretBase32, String otpauthUri) {
    this.storedSecret = Objects.requireNonNull(storedSecret, "storedSecret");
    this.secretBase32 = Objects.requireNonNull(secretBase32, "secretBase32");
    this.otpauthUri = Objects.requireNonNull(otpauthUri, "otpauthUri");
  }

  /**
   * Returns the encrypted secret to store with the user (readable only through the key ring, and
   * only for this user).
   *
   * @return a credential envelope v1, base64url
   */
  public String storedSecret() {
    return storedSecret;
  }

  /**
   * Returns the secret in base32 (RFC 4648, no padding), for manual entry in an authenticator app.
   *
   * @return the secret; a bearer secret
   */
  public String secretBase32() {
    return secretBase32;
  }

  /**
   * Returns the key URI for a QR code ({@code otpauth://totp/...}).
   *
   * @return the URI; it holds the secret
   */
  public String otpauthUri() {
    return otpauthUri;
  }

  /** Returns {@code TotpEnrollment[redacted]}. */
  @Override
  public String toString() {
    return "TotpEnrollment[redacted]";
  }
}
