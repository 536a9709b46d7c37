package io.hiroi.benchmarks.token;

import io.hiroi.benchmarks.SlicedBenchmark;
import io.hiroi.benchmarks.Slices;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The verify goals of {@link TokenBenchmark} measured in paired slices ({@link Slices}): every
 * invocation verifies {@value #SLICE} tokens with hiroi's {@code SignedTokens} ({@code hiroi}),
 * then {@value #SLICE} with {@code WidgetSessionTokens} ({@code hiroiWidget}), then {@value #SLICE}
 * with the raw HMAC-SHA256 ({@code rawHmac}, the baseline), each timed, in one JVM. The figures
 * are the {@code [slices]} lines: each implementation's time per verification in every iteration,
 * its ratio to the raw HMAC of the same iteration, and at the end the median and range of those
 * ratios. (JMH's own score is the mean over all three and means nothing alone.)
 *
 * <p>Goal (issues 2 and 4): within 2x of the raw HMAC. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TokenSlicesBenchmark -f 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 10, time = 1)
public class TokenSlicesBenchmark extends SlicedBenchmark {
  /** Verifications per implementation per invocation: about a third of a millisecond each. */
  static final int SLICE = 200;

  private HiroiTokens hiroi;
  private HiroiWidgetTokens hiroiWidget;
  private RawHmacTokens rawHmac;
  private String hiroiToken;
  private String widgetToken;
  private String rawToken;

  /** Names the implementations; the last is the baseline. */
  public TokenSlicesBenchmark() {
    super(SLICE, "hiroi", "hiroiWidget", "rawHmac");
  }

  /** Builds the three implementations and the token each verifies; fails if one rejects its own. */
  @Setup(Level.Trial)
  public void setUp() {
    WidgetSession session = WidgetSession.issuedNow();
    hiroi = new HiroiTokens(session);
    hiroiWidget = new HiroiWidgetTokens(session);
    rawHmac = new RawHmacTokens(session);
    hiroiToken = hiroi.sign();
    widgetToken = hiroiWidget.sign();
    rawToken = rawHmac.sign();
    if (!hiroi.verify(hiroiToken) || !hiroiWidget.verify(widgetToken) || !rawHmac.verify(rawToken)) {
      throw new IllegalStateException("an implementation rejects its own token");
    }
  }

  /**
   * One slice of each implementation.
   *
   * @param bh consumes every verdict
   */
  @Benchmark
  @OperationsPerInvocation(3 * SLICE)
  public void verify(Blackhole bh) {
    long start = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroi.verify(hiroiToken));
    }
    long afterHiroi = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroiWidget.verify(widgetToken));
    }
    long afterWidget = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(rawHmac.verify(rawToken));
    }
    long end = System.nanoTime();
    slices.add(0, afterHiroi - start);
    slices.add(1, afterWidget - afterHiroi);
    slices.add(2, end - afterWidget);
  }
}
