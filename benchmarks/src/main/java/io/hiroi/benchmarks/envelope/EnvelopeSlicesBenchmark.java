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
 * invocation runs {@value #SLICE} operations of each implementation, each timed, in one JVM:
 * hiroi ({@code hiroi}, wiping the plaintext on close), hiroi not closing the decryption ({@code
 * hiroiNoWipe}, to show what the wipe costs; its encryption is the same call as {@code hiroi}'s),
 * Tink followed by the same wipe ({@code tinkWiped}, the same work as {@code hiroi}; its encryption
 * is {@code tink}'s), raw JDK AES-GCM with a fresh {@code Cipher} per call ({@code jdk}) and Tink
 * ({@code tink}, the baseline). The order of the slices is reversed at every invocation, so that no
 * implementation always runs first or always follows the same one. The figures are the {@code
 * [slices]} lines: time per operation in every iteration, the ratio to Tink's time in the same
 * iteration (below 1 is faster than Tink), and at the end the median and range of those ratios.
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

  private static final String[] NAMES = {"hiroi", "hiroiNoWipe", "tinkWiped", "jdk", "tink"};

  private EnvelopeCipher hiroi;
  private EnvelopeCipher hiroiNoWipe;
  private EnvelopeCipher tinkWiped;
  private EnvelopeCipher jdk;
  private EnvelopeCipher tink;
  private byte[] plaintext;
  private byte[] hiroiEnvelope;
  private byte[] jdkEnvelope;
  private byte[] tinkEnvelope;
  private boolean reversed;

  /** Names the implementations; the last is the baseline. */
  public EnvelopeSlicesBenchmark() {
    super(SLICE, NAMES);
  }

  /** Builds the implementations and the envelope each decrypts; fails if one does not. */
  @Setup(Level.Trial)
  public void setUp() {
    hiroi = EnvelopeCipher.create("hiroi");
    hiroiNoWipe = EnvelopeCipher.create("hiroiNoWipe");
    tinkWiped = EnvelopeCipher.create("tinkWiped");
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
        || tinkWiped.decrypt(tinkEnvelope, READ) != expected
        || jdk.decrypt(jdkEnvelope, READ) != expected
        || tink.decrypt(tinkEnvelope, READ) != expected) {
      throw new IllegalStateException("an implementation does not decrypt its own envelope");
    }
  }

  /**
   * One slice of encryptions of each implementation, in this invocation's order.
   *
   * @param bh consumes every envelope
   */
  @Benchmark
  @OperationsPerInvocation(5 * SLICE)
  public void encrypt(Blackhole bh) {
    for (int k = 0; k < NAMES.length; k++) {
      int impl = nextInOrder(k);
      slices.add(impl, encryptSlice(impl, bh));
    }
    reversed = !reversed;
  }

  /**
   * One slice of decryptions of each implementation, in this invocation's order.
   *
   * @param bh consumes a value read from every plaintext
   */
  @Benchmark
  @OperationsPerInvocation(5 * SLICE)
  public void decrypt(Blackhole bh) {
    for (int k = 0; k < NAMES.length; k++) {
      int impl = nextInOrder(k);
      slices.add(impl, decryptSlice(impl, bh));
    }
    reversed = !reversed;
  }

  private int nextInOrder(int k) {
    return reversed ? NAMES.length - 1 - k : k;
  }

  /** Times one slice; each implementation has its own loop, so each call site sees one class. */
  private long encryptSlice(int impl, Blackhole bh) {
    long start = System.nanoTime();
    switch (impl) {
      case 0:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(hiroi.encrypt(plaintext));
        }
        break;
      case 1:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(hiroiNoWipe.encrypt(plaintext));
        }
        break;
      case 2:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(tinkWiped.encrypt(plaintext));
        }
        break;
      case 3:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(jdk.encrypt(plaintext));
        }
        break;
      default:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(tink.encrypt(plaintext));
        }
        break;
    }
    return System.nanoTime() - start;
  }

  /** Times one slice, as {@link #encryptSlice}. */
  private long decryptSlice(int impl, Blackhole bh) {
    long start = System.nanoTime();
    switch (impl) {
      case 0:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(hiroi.decrypt(hiroiEnvelope, READ));
        }
        break;
      case 1:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(hiroiNoWipe.decrypt(hiroiEnvelope, READ));
        }
        break;
      case 2:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(tinkWiped.decrypt(tinkEnvelope, READ));
        }
        break;
      case 3:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(jdk.decrypt(jdkEnvelope, READ));
        }
        break;
      default:
        for (int i = 0; i < SLICE; i++) {
          bh.consume(tink.decrypt(tinkEnvelope, READ));
        }
        break;
    }
    return System.nanoTime() - start;
  }
}
