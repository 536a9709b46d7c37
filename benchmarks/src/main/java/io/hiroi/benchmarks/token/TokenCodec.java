package io.hiroi.benchmarks.token;

/**
 * The adapter each signed-token implementation sits behind (STYLE rule 33). An implementation is
 * built for one {@link WidgetSession}: {@link #sign()} signs those claims (prepared once, as an
 * immutable claims object in both libraries), {@link #verify(String)} checks a token the way the
 * implementation's user would.
 */
interface TokenCodec {
  /**
   * Signs the prepared claims.
   *
   * @return the JWS compact serialization
   */
  String sign();

  /**
   * Verifies a token: signature and, where the implementation checks claims, {@code exp} and
   * {@code aud}.
   *
   * @param token a JWS compact serialization
   * @return {@code true} if the token is accepted
   */
  boolean verify(String token);

  /**
   * Creates the implementation named by the benchmark's {@code impl} parameter.
   *
   * @param impl {@code hiroi}, {@code hiroiWidget}, {@code nimbus} or {@code rawHmac}
   * @param claims the claims to sign
   * @return a new instance, thread-safe
   */
  static TokenCodec create(String impl, WidgetSession claims) {
    switch (impl) {
      case "hiroi":
        return new HiroiTokens(claims);
      case "hiroiWidget":
        return new HiroiWidgetTokens(claims);
      case "nimbus":
        return new NimbusTokens(claims);
      case "rawHmac":
        return new RawHmacTokens(claims);
      default:
        throw new IllegalArgumentException("unknown token implementation: " + impl);
    }
  }
}
