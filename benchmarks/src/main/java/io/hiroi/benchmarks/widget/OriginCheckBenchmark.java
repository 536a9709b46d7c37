package io.hiroi.benchmarks.widget;

import io.hiroi.widget.OriginCheck;
import io.hiroi.widget.OriginSafelist;
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
 * {@link OriginSafelist#check(String)} on one thread, in checks per second, on a safelist of 20
 * exact entries and 2 wildcards. Each call gets a fresh {@code String} copied from a {@code char[]}
 * (as a server reads a header), so no cached hash code flatters the exact-match lookup; {@link
 * #copyOnly()} measures that copy alone.
 *
 * <p>Cases ({@code origin}): {@code exact}, an allowed origin already in normal form (what browsers
 * send); {@code normalize}, an allowed one in mixed case with the default port; {@code wildcard},
 * one allowed by a {@code *.} entry; {@code denied}, the suffix trick {@code
 * https://shop.example.com.evil.net}; {@code punycodeDenied}, an A-label host (as browsers send
 * internationalized names) that is not listed, so its Punycode is decoded; {@code idn}, an allowed
 * Unicode host name converted to its A-label by {@link java.net.IDN} (browsers never send one).
 *
 * <p>Goal (issue): at least 5 million checks per second on one core. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar OriginCheckBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class OriginCheckBenchmark {
  /** Which header value: {@code exact}, {@code normalize}, {@code wildcard}, {@code denied}, {@code punycodeDenied} or {@code idn}. */
  @Param({"exact", "normalize", "wildcard", "denied", "punycodeDenied", "idn"})
  public String origin;

  private OriginSafelist safelist;
  private char[] header;

  /** Builds the safelist and checks that the case answers as expected. */
  @Setup(Level.Trial)
  public void setUp() {
    OriginSafelist.Builder b = OriginSafelist.builder();
    for (int i = 0; i < 18; i++) {
      b.allow("https://customer" + i + ".example.com");
    }
    b.allow("https://shop.example.com").allow("https://bücher.example").allow("https://*.widgets.example.org")
        .allow("https://*.cdn.example.net");
    safelist = b.build();
    String value;
    boolean allowed = true;
    switch (origin) {
      case "exact":
        value = "https://shop.example.com";
        break;
      case "normalize":
        value = "HTTPS://Shop.Example.com:443";
        break;
      case "wildcard":
        value = "https://eu-1.widgets.example.org";
        break;
      case "denied":
        value = "https://shop.example.com.evil.net";
        allowed = false;
        break;
      case "punycodeDenied":
        value = "https://xn--mnchen-3ya.example";
        allowed = false;
        break;
      case "idn":
        value = "https://bücher.example";
        break;
      default:
        throw new IllegalArgumentException("unknown origin case: " + origin);
    }
    if (safelist.check(value).isAllowed() != allowed) {
      throw new IllegalStateException(origin + " does not answer " + (allowed ? "allowed" : "denied"));
    }
    header = value.toCharArray();
  }

  /**
   * Checks a fresh copy of the header value.
   *
   * @return the answer
   */
  @Benchmark
  public OriginCheck check() {
    return safelist.check(new String(header));
  }

  /**
   * The copy alone, to subtract.
   *
   * @return the copy
   */
  @Benchmark
  public String copyOnly() {
    return new String(header);
  }
}
