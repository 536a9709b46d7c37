package io.hiroi.benchmarks.envelope;

import io.hiroi.crypto.internal.IvSource;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
 * Where an envelope's 12-byte IV comes from, on its own: one {@code new SecureRandom()} shared by
 * all threads ({@code nativePrngShared}, what {@code CredentialCipher} and the {@code jdk} adapter
 * do; NativePRNG on Linux, whose state sits behind one JVM-wide lock however many instances there
 * are, so Tink's per-thread instances share it too) beside one {@code SecureRandom.getInstance("DRBG")}
 * per thread ({@code drbgPerThread}) and beside hiroi's {@code IvSource} ({@code hiroiBlocks}: the
 * shared NativePRNG drawn {@value IvSource#IVS_PER_DRAW} IVs at a time per thread, what {@code
 * CredentialCipher} does now). It explains how encryption scales with threads; run it with one and
 * with two threads:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IvSourceBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar IvSourceBenchmark -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class IvSourceBenchmark {
  private static final int IV_BYTES = 12;

  /** Which source: {@code nativePrngShared}, {@code drbgPerThread} or {@code hiroiBlocks}. */
  @Param({"nativePrngShared", "drbgPerThread", "hiroiBlocks"})
  public String source;

  private ThreadLocal<SecureRandom> random;
  private IvSource blocks;

  /** Builds the source. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (source) {
      case "nativePrngShared":
        SecureRandom shared = new SecureRandom();
        random = ThreadLocal.withInitial(() -> shared);
        break;
      case "drbgPerThread":
        random = ThreadLocal.withInitial(IvSourceBenchmark::drbg);
        break;
      case "hiroiBlocks":
        blocks = new IvSource(new SecureRandom());
        break;
      default:
        throw new IllegalArgumentException("unknown IV source: " + source);
    }
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DRBG is required of every Java 9+ platform", e);
    }
  }

  /**
   * Draws one IV.
   *
   * @return the IV
   */
  @Benchmark
  public byte[] draw() {
    byte[] iv = new byte[IV_BYTES];
    if (blocks != null) {
      blocks.next(iv, 0);
    } else {
      random.get().nextBytes(iv);
    }
    return iv;
  }
}
