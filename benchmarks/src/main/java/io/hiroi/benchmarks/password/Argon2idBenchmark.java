package io.hiroi.benchmarks.password;

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
 * One Argon2id password hash at hiroi's default parameters (m=19456 KiB, t=2, p=1, 16-byte salt,
 * 32-byte tag): Bouncy Castle's generator directly ({@code bouncyCastle}) and, once merged, hiroi's
 * {@code PasswordHasher} ({@code hiroi}, {@link HiroiPasswordHasher}). The time per
 * hash is what a login costs the server; {@code -prof gc} shows the ~19 MiB each hash allocates.
 * Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar Argon2idBenchmark -p impl=bouncyCastle -prof gc
 * </pre>
 *
 * <p>After the merge, drop the {@code -p impl=...} to include hiroi.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class Argon2idBenchmark {
  /** Which implementation: {@code bouncyCastle} or {@code hiroi}. */
  @Param({"bouncyCastle", "hiroi"})
  public String impl;

  private PasswordHash hasher;
  private char[] password;

  /** Builds the implementation. */
  @Setup(Level.Trial)
  public void setUp() {
    hasher = PasswordHash.create(impl);
    password = "correct horse battery staple".toCharArray();
  }

  /**
   * Hashes the password under a fresh salt.
   *
   * @return the tag or PHC string
   */
  @Benchmark
  public Object hash() {
    return hasher.hash(password);
  }
}
