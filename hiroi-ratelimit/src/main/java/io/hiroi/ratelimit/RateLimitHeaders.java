package io.hiroi.ratelimit;

import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP response header values for a {@link Decision}: {@code RateLimit-Policy} and
 * {@code RateLimit} of the IETF httpapi draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers-09, structured-field lists) and {@code Retry-After}
 * (RFC 9110, section 10.2.3) in whole seconds, rounded up.
 *
 * <pre>
 * RateLimit-Policy: "login-minute";q=5;w=60, "login-hour";q=100;w=3600
 * RateLimit: "login-minute";r=0;t=12
 * Retry-After: 12
 * </pre>
 *
 * <p>{@code q} is a limit's permits per window {@code w} (its period, in seconds, rounded up);
 * {@code r} is the permits left and {@code t} the seconds until the deciding limit is whole again.
 * Limit names are restricted to characters that need no escaping in a structured-field string.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateLimitHeaders {
  /** The name of the policy header. */
  public static final String POLICY = "RateLimit-Policy";

  /** The name of the header that reports the current state. */
  public static final String RATE_LIMIT = "RateLimit";

  /** The name of the header that says how long to wait. */
  public static final String RETRY_AFTER = "Retry-After";

  private final Decision decision;

  RateLimitHeaders(Decision decision) {
    this.decision = decision;
  }

  /**
   * Returns the {@code RateLimit-Policy} value: every limit the request was checked against.
   *
   * @return the header value
   */
  public String policy() {
    StringBuilder value = new StringBuilder();
    for (Limit limit : decision.limits()) {
      if (value.length() > 0) {
        value.append(", ");
      }
      value.append('"').append(limit.name()).append("\";q=").append(limit.permits());
      value.append(";w=").append(seconds(limit.period()));
    }
    return value.toString();
  }

  /**
   * Returns the {@code RateLimit} value for the deciding limit.
   *
   * @return the header value
   */
  public String rateLimit() {
    return "\"" + decision.limit().name() + "\";r=" + decision.remaining() + ";t=" + seconds(decision.resetAfter());
  }

  /**
   * Returns the {@code Retry-After} value, present when the request was not allowed.
   *
   * @return the seconds to wait, at least 1, or empty when allowed
   */
  public Optional<String> retryAfter() {
    if (decision.isAllowed()) {
      return Optional.empty();
    }
    return Optional.of(Long.toString(Math.max(1, seconds(decision.retryAfter()))));
  }

  private static long seconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }

  @Override
  public String toString() {
    return POLICY + ": " + policy() + ", " + RATE_LIMIT + ": " + rateLimit() + retryAfter().map(r -> ", " + RETRY_AFTER + ": " + r).orElse("");
  }
}
