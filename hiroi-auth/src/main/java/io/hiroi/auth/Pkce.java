package io.hiroi.auth;

import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * PKCE (RFC 7636) with the {@code S256} method only: a code verifier of 32 random bytes
 * ({@link java.security.SecureRandom}) in base64url (43 characters) and its challenge {@code
 * BASE64URL(SHA-256(ASCII(verifier)))}. The {@code plain} method is not offered: it gives no
 * protection when the authorization request leaks.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class Pkce {
  /** The {@code code_challenge_method} value. */
  public static final String METHOD = "S256";

  private Pkce() {}

  /**
   * Draws a new code verifier.
   *
   * @return 43 base64url characters; a secret until the token request
   */
  public static String newVerifier() {
    return Secrets.randomToken();
  }

  /**
   * Computes the S256 challenge of a verifier.
   *
   * @param verifier the code verifier, 43 to 128 characters of {@code A-Z a-z 0-9 - . _ ~}
   * @return the code challenge
   * @throws IllegalArgumentException if the verifier is not of the RFC 7636 form
   * @throws NullPointerException if {@code verifier} is null
   */
  public static String challenge(String verifier) {
    Objects.requireNonNull(verifier, "verifier");
    if (!isVerifier(verifier)) {
      throw new IllegalArgumentException(
          "PKCE code verifier must be 43 to 128 of A-Z a-z 0-9 - . _ ~, was " + verifier.length() + " characters");
    }
    return StrictBase64Url.encode(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  static boolean isVerifier(String v) {
    if (v.length() < 43 || v.length() > 128) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~')) {
        return false;
      }
    }
    return true;
  }
}
