package io.hiroi.benchmarks.token;

import io.hiroi.benchmarks.BenchmarkKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The claims every token implementation signs: a widget session token as DESIGN.md describes it,
 * {@code sub}, {@code aud}, {@code iat}, {@code exp}, {@code jti} and {@code orig}, under the
 * header {@code {"alg":"HS256","typ":"JWT","kid":"<widgetId>.<kid>"}} and the purpose key {@code
 * hiroi-widget-session-v1:<widgetId>} of the test master secret.
 */
final class WidgetSession {
  static final String WIDGET_ID = "widget-42";
  static final String PURPOSE = "hiroi-widget-session-v1:" + WIDGET_ID;
  static final String KID = WIDGET_ID + "." + BenchmarkKeys.KEY_ID;
  static final String SUBJECT = "visitor-8c1f2e7a";
  static final String AUDIENCE = WIDGET_ID;
  static final String ORIGIN = "https://shop.example.com";
  static final String ORIGIN_CLAIM = "orig";
  /** A fixed 128-bit id in base64url; hiroi draws its own. */
  static final String JWT_ID = "q3X0mZ9bT1yR8cVwL2kJ4A";
  /** Tokens live a day, so they stay valid for the whole run. */
  static final Duration TTL = Duration.ofDays(1);
  /** The clock-skew leeway every verifier allows. */
  static final Duration LEEWAY = Duration.ofSeconds(30);

  final Instant issuedAt;
  final Instant expiresAt;

  private WidgetSession(Instant issuedAt) {
    this.issuedAt = issuedAt;
    this.expiresAt = issuedAt.plus(TTL);
  }

  /** Claims issued now, in whole seconds. */
  static WidgetSession issuedNow() {
    return new WidgetSession(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The HS256 key: hiroi's purpose key for this widget. */
  static byte[] key() {
    return BenchmarkKeys.purposeKey(PURPOSE);
  }
}
