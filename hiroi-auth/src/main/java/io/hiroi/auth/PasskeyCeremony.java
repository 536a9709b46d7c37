package io.hiroi.auth;

import java.time.Instant;

/**
 * A started passkey ceremony: the options to hand to the browser, and the ceremony id that the
 * host keeps on the server side of this browser's flow (in the session, or in a short-lived
 * {@code HttpOnly} cookie) and passes back to {@link PasskeyService} with the browser's response.
 * The challenge inside the options is held, single-use, in the service's store until {@link
 * #expiresAt()}.
 *
 * <p>The ceremony id is a bearer secret of the flow: do not log it.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeyCeremony {
  private final String id;
  private final String optionsJson;
  private final Instant expiresAt;

  PasskeyCeremony(String id, String optionsJson, Instant expiresAt) {
    this.id = id;
    this.optionsJson = optionsJson;
    this.expiresAt = expiresAt;
  }

  /**
   * Returns the ceremony id to keep with the browser's flow.
   *
   * @return 43 base64url characters
   */
  public String id() {
    return id;
  }

  /**
   * Returns the WebAuthn Level 3 options JSON: what {@code
   * PublicKeyCredential.parseCreationOptionsFromJSON} (registration) or {@code
   * parseRequestOptionsFromJSON} (sign-in) take, binary members in base64url.
   *
   * @return the options as a JSON object
   */
  public String optionsJson() {
    return optionsJson;
  }

  /**
   * Returns when the challenge stops being accepted.
   *
   * @return the expiry instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Returns the expiry only; never the id. */
  @Override
  public String toString() {
    return "PasskeyCeremony[expiresAt=" + expiresAt + "]";
  }
}
