package io.hiroi.benchmarks.token;

import io.hiroi.benchmarks.BenchmarkKeys;
import io.hiroi.widget.WidgetSessionTokens;

/**
 * hiroi's widget session tokens ({@link WidgetSessionTokens}) for the same widget, key and claims:
 * {@link #sign()} is {@link WidgetSessionTokens#issue} (origin normalization, fresh {@code iat},
 * {@code exp} and {@code jti}, signing); {@link #verify} is {@link WidgetSessionTokens#verify},
 * which beyond {@link HiroiTokens} also looks the widget's token service up, requires all six
 * claims, bounds the lifetime and compares {@code orig} with the request's Origin.
 */
final class HiroiWidgetTokens implements TokenCodec {
  private final WidgetSessionTokens tokens;

  HiroiWidgetTokens(WidgetSession session) {
    tokens = WidgetSessionTokens.builder(BenchmarkKeys.keyRing()).leeway(WidgetSession.LEEWAY).build();
  }

  @Override
  public String sign() {
    return tokens.issue(WidgetSession.WIDGET_ID, WidgetSession.ORIGIN, WidgetSession.SUBJECT, WidgetSession.TTL);
  }

  @Override
  public boolean verify(String token) {
    return tokens.verify(token, WidgetSession.WIDGET_ID, WidgetSession.ORIGIN).isValid();
  }
}
