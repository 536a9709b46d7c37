package io.hiroi.auth;

/**
 * Why a passkey registration or sign-in was refused, for server logs. Show the user one generic
 * "that did not work, try again" whatever the reason.
 *
 * <p>Immutable and thread-safe.
 */
public enum PasskeyFailure {
  /** The ceremony id is not of the form {@link PasskeyService} hands out. */
  MALFORMED_CEREMONY,
  /** The ceremony is unknown: never started, already finished (each is single-use), or dropped. */
  UNKNOWN_CEREMONY,
  /** The ceremony was started too long ago; it is now used up. */
  EXPIRED,
  /** The browser's JSON is not a WebAuthn response of the expected kind, or is too large. */
  MALFORMED_RESPONSE,
  /** The signed client data holds another challenge than the one this ceremony issued. */
  CHALLENGE_MISMATCH,
  /** The client data's origin is not one of the configured origins, or the call was cross-origin. */
  ORIGIN_NOT_ALLOWED,
  /** The authenticator data was made for another relying party id. */
  RP_ID_MISMATCH,
  /** The authenticator did not report the user present. */
  USER_NOT_PRESENT,
  /** User verification is required, and the authenticator did not verify the user. */
  USER_NOT_VERIFIED,
  /**
   * The credential's algorithm is not one the ceremony offered (ES256 on P-256, EdDSA on
   * Ed25519, RS256), or its key names none.
   */
  ALGORITHM_NOT_ALLOWED,
  /** The attestation statement does not verify. */
  BAD_ATTESTATION,
  /** The assertion signature does not verify under the stored public key. */
  BAD_SIGNATURE,
  /** Registration of a credential id that is already registered (to this or another user). */
  CREDENTIAL_ALREADY_REGISTERED,
  /** Sign-in with a credential the host's lookup does not know. */
  UNKNOWN_CREDENTIAL,
  /**
   * Sign-in for a known user with a credential of another user, or with one of the user's
   * credentials that the ceremony did not allow ({@code allowCredentials}).
   */
  CREDENTIAL_NOT_ALLOWED,
  /** The response's user handle is not the one the credential was registered for. */
  USER_HANDLE_MISMATCH,
  /**
   * The signature counter did not grow: the authenticator may have been cloned. Refused unless
   * the service was built with {@link PasskeyService.Builder#allowSignCountRegression()}.
   */
  POSSIBLE_CLONE,
  /** Any other failed check of the WebAuthn verification procedure. */
  REJECTED,
  /**
   * Too many failed sign-ins for this user or from this client: the service's {@link
   * io.hiroi.ratelimit.AuthThrottle} refused before verifying ({@link
   * PasskeyAuthentication#retryAfter()} says when to try again), or the throttle was unavailable.
   */
  THROTTLED,
  /**
   * The challenge store could not answer, or the host's credential lookup threw; deny (fail
   * closed). The ceremony is used up: start a new one.
   */
  UNAVAILABLE
}
