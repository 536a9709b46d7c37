package io.hiroi.benchmarks.token;

import io.hiroi.benchmarks.BenchmarkKeys;
import io.hiroi.crypto.SignedTokens;
import io.hiroi.crypto.TokenClaims;

/**
 * hiroi's signed tokens ({@link SignedTokens}) for one widget: purpose key {@code
 * hiroi-widget-session-v1:widget-42}, header kid {@code widget-42.1}, the same claims as the other
 * implementations (hiroi draws its own {@code jti}). {@link #verify} checks the signature, {@code
 * exp} with the leeway and {@code aud}, as a hiroi user's endpoint does.
 */
final class HiroiTokens implements TokenCodec {
  private final SignedTokens tokens;
  private final TokenClaims claims;

  HiroiTokens(WidgetSession session) {
    tokens =
        SignedTokens.builder(BenchmarkKeys.keyRing(), WidgetSession.PURPOSE)
            .keyIdPrefix(WidgetSession.WIDGET_ID)
            .leeway(WidgetSession.LEEWAY)
            .build();
    claims =
        TokenClaims.builder()
            .subject(WidgetSession.SUBJECT)
            .audience(WidgetSession.AUDIENCE)
            .issuedAt(session.issuedAt)
            .expiresAt(session.expiresAt)
            .claim(WidgetSession.ORIGIN_CLAIM, WidgetSession.ORIGIN)
            .build();
  }

  @Override
  public String sign() {
    return tokens.sign(claims);
  }

  @Override
  public boolean verify(String token) {
    return tokens.verify(token, WidgetSession.AUDIENCE).isValid();
  }
}
