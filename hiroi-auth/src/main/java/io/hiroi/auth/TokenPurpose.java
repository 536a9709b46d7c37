package io.hiroi.auth;

import java.time.Duration;

/**
 * What a {@link OneTimeTokens} token is for. A token of one purpose never works for another: the
 * purpose is part of the token and of its stored hash.
 *
 * <p>Immutable and thread-safe.
 */
public enum TokenPurpose {
  /** A sign-in link sent by email; lives 15 minutes by default. */
  MAGIC_LINK('m', Duration.ofMinutes(15)),
  /** A link that proves an email address belongs to the user; lives 24 hours by default. */
  EMAIL_VERIFICATION('v', Duration.ofHours(24)),
  /** A password-reset link; lives 1 hour by default. */
  PASSWORD_RESET('r', Duration.ofHours(1)),
  /** An invitation to join a team or tenant; lives 7 days by default. */
  INVITATION('i', Duration.ofDays(7));

  final char code;
  private final Duration defaultTtl;

  TokenPurpose(char code, Duration defaultTtl) {
    this.code = code;
    this.defaultTtl = defaultTtl;
  }

  /**
   * Returns how long a token of this purpose lives unless the caller says otherwise.
   *
   * @return the default lifetime
   */
  public Duration defaultTtl() {
    return defaultTtl;
  }

  static TokenPurpose ofCode(char c) {
    for (TokenPurpose p : values()) {
      if (p.code == c) {
        return p;
      }
    }
    return null;
  }
}
