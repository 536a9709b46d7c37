package io.hiroi.benchmarks.envelope;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
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
 * Credential envelope encryption and decryption: hiroi's {@code CredentialCipher} ({@code hiroi})
 * beside raw JDK AES-GCM with a fresh {@code Cipher} per call ({@code jdk}) and Google Tink's AES256_GCM
 * {@code Aead} ({@code tink}), for a 64-byte and a 4 KiB plaintext. All three use the same key,
 * associated data and envelope layout; {@link #setUp()} fails the run unless each implementation
 * decrypts the others' envelopes.
 *
 * <p>Goals (issue): hiroi within 1.15x of the {@code jdk} time, and at least {@code tink}'s
 * throughput. Run, with the allocation view, from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EnvelopeBenchmark -prof gc
 * </pre>
 *
 * <p>One implementation or size: add {@code -p impl=hiroi -p size=64}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
public class EnvelopeBenchmark {
  private static final List<String> IMPLEMENTATIONS = List.of("hiroi", "jdk", "tink");

  /** Reads the plaintext before an implementation may wipe it; cheap, and keeps the work alive. */
  private static final ToIntFunction<byte[]> READ = p -> p.length ^ p[p.length - 1];

  /** Which implementation: {@code hiroi}, {@code jdk} or {@code tink}. */
  @Param({"hiroi", "hiroiNoWipe", "jdk", "tink"})
  public String impl;

  /** The plaintext size in bytes. */
  @Param({"64", "4096"})
  public int size;

  private EnvelopeCipher cipher;
  private byte[] plaintext;
  private byte[] envelope;

  /** Builds the implementation and an envelope to decrypt, and checks all three interoperate. */
  @Setup(Level.Trial)
  public void setUp() {
    cipher = EnvelopeCipher.create(impl);
    plaintext = new byte[size];
    for (int i = 0; i < size; i++) {
      plaintext[i] = (byte) (i * 31 + 7);
    }
    envelope = cipher.encrypt(plaintext);
    if (envelope.length != plaintext.length + 33) {
      throw new IllegalStateException(impl + " envelope has " + envelope.length + " bytes");
    }
    for (String other : IMPLEMENTATIONS) {
      EnvelopeCipher o = EnvelopeCipher.create(other);
      check(o, envelope, impl + " -> " + other);
      check(cipher, o.encrypt(plaintext), other + " -> " + impl);
    }
  }

  private void check(EnvelopeCipher decrypter, byte[] sealed, String what) {
    byte[] expected = plaintext;
    int equal = decrypter.decrypt(sealed, p -> Arrays.equals(p, expected) ? 1 : 0);
    if (equal != 1) {
      throw new IllegalStateException("envelope round trip failed: " + what);
    }
  }

  /**
   * Encrypts the plaintext under a fresh IV.
   *
   * @return the envelope
   */
  @Benchmark
  public byte[] encrypt() {
    return cipher.encrypt(plaintext);
  }

  /**
   * Decrypts one envelope (the same one every call).
   *
   * @return a value read from the plaintext
   */
  @Benchmark
  public int decrypt() {
    return cipher.decrypt(envelope, READ);
  }
}
