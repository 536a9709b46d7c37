package io.hiroi.benchmarks.token;

/**
 * hiroi's signed tokens. <strong>TODO (pending merge):</strong> hiroi's HS256 token service is
 * being written on another branch and is not in this tree yet, so this adapter throws {@link
 * UnsupportedOperationException} and the token benchmark runs with {@code -p impl=nimbus,rawHmac}
 * until it lands. Once merged it is, against the API drafted so far ({@code SignedTokens}, {@code
 * TokenClaims}, {@code TokenVerification} in {@code io.hiroi.crypto}):
 *
 * <pre>{@code
 * private final SignedTokens tokens;
 * private final TokenClaims claims;
 *
 * HiroiTokens(WidgetSession session) {
 *   tokens = SignedTokens.builder(BenchmarkKeys.keyRing(), WidgetSession.PURPOSE)
 *       .keyIdPrefix(WidgetSession.WIDGET_ID)      // kid "widget-42.1", as nimbus signs
 *       .leeway(WidgetSession.LEEWAY)
 *       .build();
 *   claims = TokenClaims.builder()                 // jti: hiroi draws its own
 *       .subject(WidgetSession.SUBJECT)
 *       .audience(WidgetSession.AUDIENCE)
 *       .issuedAt(session.issuedAt)
 *       .expiresAt(session.expiresAt)
 *       .claim(WidgetSession.ORIGIN_CLAIM, WidgetSession.ORIGIN)
 *       .build();
 * }
 * public String sign() { return tokens.sign(claims); }
 * public boolean verify(String token) { return tokens.verify(token, WidgetSession.AUDIENCE).isValid(); }
 * }</pre>
 *
 * <p>{@code TokenBenchmark}'s setup then checks that nimbus and the raw HMAC accept hiroi's token
 * and that hiroi accepts nimbus's, as it already does between those two.
 */
final class HiroiTokens implements TokenCodec {
  HiroiTokens(WidgetSession session) {
    throw new UnsupportedOperationException(
        "TODO: hiroi's signed-token service is not merged into this branch yet; run with -p impl=nimbus,rawHmac");
  }

  @Override
  public String sign() {
    throw new UnsupportedOperationException("pending merge");
  }

  @Override
  public boolean verify(String token) {
    throw new UnsupportedOperationException("pending merge");
  }
}
