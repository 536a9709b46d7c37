package io.hiroi.auth;

/**
 * What {@link OAuthStateCodec#begin} hands out for one authorization request: the signed {@code
 * state} parameter and the PKCE pair. Put {@link #bindingCookieValue()} into an {@code HttpOnly},
 * {@code __Host-} cookie of this browser, and {@link #state()}, {@link #codeChallenge()} and
 * {@code code_challenge_method=S256} into the authorization URL.
 *
 * <p>{@link #toString()} is {@code [redacted]}. Immutable and thread-safe.
 */
public final class OAuthStart {
  private final String state;
  private final String verifier;
  private final String challenge;

  OAuthStart(String state, String verifier, String challenge) {
    this.state = state;
    this.verifier = verifier;
    this.challenge = challenge;
  }

  /**
   * Returns the {@code state} parameter: a JWS signed under {@code hiroi-oauth-state-v1}.
   *
   * @return the state
   */
  public String state() {
    return state;
  }

  /**
   * Returns the value of the browser-binding cookie: the PKCE code verifier, a secret this
   * browser alone holds until the callback.
   *
   * @return the cookie value (43 base64url characters)
   */
  public String bindingCookieValue() {
    return verifier;
  }

  /**
   * Returns the PKCE {@code code_challenge} ({@code S256} of the verifier).
   *
   * @return the challenge
   */
  public String codeChallenge() {
    return challenge;
  }

  @Override
  public String toString() {
    return "OAuthStart[redacted]";
  }
}
