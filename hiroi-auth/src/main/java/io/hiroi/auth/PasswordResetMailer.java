package io.hiroi.auth;

/**
 * The host's way to send a password-reset link; {@link PasswordResetService} calls it only for a
 * registered email. Hand the message to a queue and return: a request for an unregistered email
 * does everything else the same way, so a slow synchronous send would let response times reveal
 * which emails are registered. The token is a bearer secret: put it in the link only, never in a
 * log. An exception thrown here is logged (its class only) and the request still answers as usual.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PasswordResetMailer {
  /**
   * Sends the reset link.
   *
   * @param email the normalised address of the account
   * @param userId the account's user id
   * @param token the one-time token to put in the link, such as {@code https://app.example/reset?t=<token>}
   */
  void sendResetLink(String email, String userId, String token);
}
