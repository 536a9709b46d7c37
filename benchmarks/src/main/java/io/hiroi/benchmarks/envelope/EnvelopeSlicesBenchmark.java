package io.hiroi.benchmarks.envelope;

import io.hiroi.benchmarks.SlicedBenchmark;
import io.hiroi.benchmarks.Slices;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The envelope goals of {@link EnvelopeBenchmark} measured in paired slices ({@link Slices}): every
 * invocation runs {@value #SLICE} operations with hiroi ({@code hiroi}, wiping the plaintext on
 * close), then with hiroi not closing the decryption ({@code hiroiNoWipe}, to show what the wipe
 * costs; encryption is the same call as {@code hiroi}'s), then with raw JDK AES-GCM and a fresh {@code Cipher} per call ({@code jdk}), then with
 * Tink ({@code tink}, the baseline), each timed, in one JVM. The figures are the {@code [slices]}
 * lines: time per operation in every iteration, the ratio to Tink's time in the same iteration
 * (below 1 is faster than Tink), and at the end the median and range of those ratios.
 *
 * <p>Goals (issue 2): at least Tink's throughput (a ratio of at most 1), and within 1.15x of the
 * {@code jdk} time. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EnvelopeSlicesBenchmark -f 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 10, time = 1)
public class EnvelopeSlicesBenchmark extends SlicedBenchmark {
  /** Operations per implementation per invocation. */
  static final int SLICE = 100;

  private static final ToIntFunction<byte[]> READ = p -> p.length ^ p[p.length - 1];

  /** The plaintext size in bytes. */
  @Param({"64", "4096"})
  public int size;

  private EnvelopeCipher hiroi;
  private EnvelopeCipher hiroiNoWipe;
  private EnvelopeCipher jdk;
  private EnvelopeCipher tink;
  private byte[] plaintext;
  private byte[] hiroiEnvelope;
  private byte[] jdkEnvelope;
  private byte[] tinkEnvelope;

  /** Names the implementations; the last is the baseline. */
  public EnvelopeSlicesBenchmark() {
    super(SLICE, "hiroi", "hiroiNoWipe", "jdk", "tink");
  }

  /** Builds the three implementations and the envelope each decrypts; fails if one does not. */
  @Setup(Level.Trial)
  public void setUp() {
    hiroi = EnvelopeCipher.create("hiroi");
    hiroiNoWipe = EnvelopeCipher.create("hiroiNoWipe");
    jdk = EnvelopeCipher.create("jdk");
    tink = EnvelopeCipher.create("tink");
    plaintext = new byte[size];
    for (int i = 0; i < size; i++) {
      plaintext[i] = (byte) (i * 31 + 7);
    }
    hiroiEnvelope = hiroi.encrypt(plaintext);
    jdkEnvelope = jdk.encrypt(plaintext);
    tinkEnvelope = tink.encrypt(plaintext);
    int expected = READ.applyAsInt(plaintext);
    if (hiroi.decrypt(hiroiEnvelope, READ) != expected
        || hiroiNoWipe.decrypt(hiroiEnvelope, READ) != expected
        || jdk.decrypt(jdkEnvelope, READ) != expected
        || tink.decrypt(tinkEnvelope, READ) != expected) {
      throw new IllegalStateException("an implementation does not decrypt its own envelope");
    }
  }

  /**
   * One slice of encryptions of each implementation.
   *
   * @param bh consumes every envelope
   */
  @Benchmark
  @OperationsPerInvocation(4 * SLICE)
  public void encrypt(Blackhole bh) {
    long start = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroi.encrypt(plaintext));
    }
    long afterHiroi = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroiNoWipe.encrypt(plaintext));
    }
    long afterNoWipe = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(jdk.encrypt(plaintext));
    }
    long afterJdk = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(tink.encrypt(plaintext));
    }
    long end = System.nanoTime();
    record(start, afterHiroi, afterNoWipe, afterJdk, end);
  }

  /**
   * One slice of decryptions of each implementation.
   *
   * @param bh consumes a value read from every plaintext
   */
  @Benchmark
  @OperationsPerInvocation(4 * SLICE)
  public void decrypt(Blackhole bh) {
    long start = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroi.decrypt(hiroiEnvelope, READ));
    }
    long afterHiroi = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(hiroiNoWipe.decrypt(hiroiEnvelope, READ));
    }
    long afterNoWipe = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(jdk.decrypt(jdkEnvelope, READ));
    }
    long afterJdk = System.nanoTime();
    for (int i = 0; i < SLICE; i++) {
      bh.consume(tink.decrypt(tinkEnvelope, READ));
    }
    long end = System.nanoTime();
    record(start, afterHiroi, afterNoWipe, afterJdk, end);
  }

  private void record(long start, long afterHiroi, long afterNoWipe, long afterJdk, long end) {
    slices.add(0, afterHiroi - start);
    slices.add(1, afterNoWipe - afterHiroi);
    slices.add(2, afterJdk - afterNoWipe);
    slices.add(3, end - afterJdk);
  }
}
