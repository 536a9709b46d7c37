package io.hiroi.benchmarks.token;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HS256 signed-token signing and verification of one widget session token ({@link
 * WidgetSession}): hiroi's {@code SignedTokens} ({@code hiroi}) and {@code WidgetSessionTokens}
 * ({@code hiroiWidget}: verify includes the widget and origin checks) beside nimbus-jose-jwt ({@code nimbus}) and a raw
 * HMAC-SHA256 of the same bytes ({@code rawHmac}, the floor). Each implementation verifies a token
 * it signed itself; {@link #setUp()} fails the run unless every available implementation accepts
 * the others' tokens.
 *
 * <p>Goals (issues): hiroi's verify, and the widget session verify, at least 3x nimbus's
 * throughput and within 2x of the raw HMAC. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TokenBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
public class TokenBenchmark {
  private static final List<String> IMPLEMENTATIONS = List.of("hiroi", "hiroiWidget", "nimbus", "rawHmac");

  /** Which implementation: {@code hiroi}, {@code hiroiWidget}, {@code nimbus} or {@code rawHmac}. */
  @Param({"hiroi", "hiroiWidget", "nimbus", "rawHmac"})
  public String impl;

  private TokenCodec codec;
  private String token;

  /** Builds the implementation, signs the token to verify, and checks interoperation. */
  @Setup(Level.Trial)
  public void setUp() {
    WidgetSession session = WidgetSession.issuedNow();
    codec = TokenCodec.create(impl, session);
    token = codec.sign();
    if (!codec.verify(token)) {
      throw new IllegalStateException(impl + " rejects its own token");
    }
    if (codec.verify(tamper(token))) {
      throw new IllegalStateException(impl + " accepts a token with a changed signature");
    }
    for (String other : IMPLEMENTATIONS) {
      TokenCodec o = TokenCodec.create(other, session);
      if (!o.verify(token) || !codec.verify(o.sign())) {
        throw new IllegalStateException(impl + " and " + other + " do not accept each other's tokens");
      }
    }
  }

  private static String tamper(String token) {
    int i = token.lastIndexOf('.') + 1;
    char c = token.charAt(i) == 'A' ? 'B' : 'A';
    return token.substring(0, i) + c + token.substring(i + 1);
  }

  /**
   * Signs the prepared claims.
   *
   * @return the token
   */
  @Benchmark
  public String sign() {
    return codec.sign();
  }

  /**
   * Verifies one valid token (the same one every call).
   *
   * @return {@code true}
   */
  @Benchmark
  public boolean verify() {
    return codec.verify(token);
  }
}
