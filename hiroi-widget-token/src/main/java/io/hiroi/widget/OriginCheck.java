package io.hiroi.widget;

import io.hiroi.widget.internal.Errors;
import java.util.Optional;

/**
 * The answer of {@link OriginSafelist#check(String)}: the request's origin is allowed, in its
 * normalized serialization, or it is denied with a {@link Denial} reason. Only an {@link
 * OriginSafelist} makes an allowed check, so a {@link CorsHeaders} given one echoes only an origin
 * that passed the safelist.
 *
 * <p>The reason is for server logs and metrics; the client gets one generic refusal. No method
 * returns the raw header value (it is attacker-supplied text).
 *
 * <p>Immutable and thread-safe.
 */
public final class OriginCheck {
  /** Why an {@code Origin} value was denied, in the order the parser checks. */
  public enum Denial {
    /** No {@code Origin} header (null), or an empty one. */
    MISSING,
    /** Longer than 512 characters; nothing else was looked at. */
    OVERSIZED,
    /** {@code null}: an opaque origin (sandboxed iframe, {@code file:}, a redirect across origins). */
    OPAQUE,
    /** Whitespace, a control, format (zero-width, bidi) or unassigned character, an unpaired surrogate. */
    INVALID_CHARACTER,
    /** Not {@code scheme "://" ...}, or a scheme that is not a scheme. */
    MALFORMED,
    /**
     * A scheme that is not allowed: anything but {@code https}, and {@code http} unless the
     * safelist was built with {@link OriginSafelist.Builder#insecureAllowHttp()}.
     */
    SCHEME_NOT_ALLOWED,
    /** An {@code @}: userinfo, as in {@code https://a.com@evil.net}. */
    USERINFO,
    /** A path, query or fragment ({@code /}, {@code \}, {@code ?}, {@code #}). */
    PATH_QUERY_OR_FRAGMENT,
    /**
     * Not a DNS name, IPv4 address or bracketed IPv6 literal: empty, a trailing dot, percent-encoding,
     * a label that is too long or has other characters than {@code [a-z0-9-]}, bad Punycode, a
     * numeric last label that is not an IPv4 address.
     */
    INVALID_HOST,
    /** A port that is empty, 0, above 65535, not decimal or written with a leading zero. */
    INVALID_PORT,
    /** A well-formed origin that is not on the safelist. */
    NOT_ALLOWED
  }

  /** One denied answer per reason, by ordinal (every denial is one of these: nothing allocated). */
  private static final OriginCheck[] DENIALS = new OriginCheck[Denial.values().length];

  static {
    for (Denial d : Denial.values()) {
      DENIALS[d.ordinal()] = new OriginCheck(null, d);
    }
  }

  private final String origin;
  private final Denial denial;

  private OriginCheck(String origin, Denial denial) {
    this.origin = origin;
    this.denial = denial;
  }

  static OriginCheck allowed(String normalizedOrigin) {
    return new OriginCheck(normalizedOrigin, null);
  }

  static OriginCheck denied(Denial denial) {
    return DENIALS[denial.ordinal()];
  }

  /**
   * Tells whether the origin is on the safelist.
   *
   * @return {@code true} if allowed
   */
  public boolean isAllowed() {
    return denial == null;
  }

  /**
   * Returns the allowed origin in normal form (lower-case scheme and host, default port dropped,
   * A-labels for internationalized names), the value to echo in {@code
   * Access-Control-Allow-Origin} and to bind a widget session token to.
   *
   * @return the normalized origin
   * @throws IllegalStateException if the origin was denied
   */
  public String origin() {
    if (denial != null) {
      throw new IllegalStateException(Errors.notAllowed("origin"));
    }
    return origin;
  }

  /**
   * Returns why the origin was denied, for server logs.
   *
   * @return the reason, or empty if allowed
   */
  public Optional<Denial> denial() {
    return Optional.ofNullable(denial);
  }

  /** Names the allowed origin (already normalized and on the safelist) or the denial reason. */
  @Override
  public String toString() {
    return denial == null ? "OriginCheck[allowed " + origin + "]" : "OriginCheck[denied: " + denial + "]";
  }
}
