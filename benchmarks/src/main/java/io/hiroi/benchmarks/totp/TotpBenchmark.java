package io.hiroi.benchmarks.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.hiroi.auth.InMemoryTotpReplayGuard;
import io.hiroi.auth.TotpEnrollment;
import io.hiroi.auth.TotpReplayGuard;
import io.hiroi.auth.TotpService;
import io.hiroi.auth.TotpVerification;
import io.hiroi.auth.redis.RedisTotpReplayGuard;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One TOTP verification ({@link TotpService#verify}: decrypt the stored envelope, three HMAC-SHA1
 * codes for the step and its neighbours, a constant-time compare, one replay-guard call) per
 * operation, with the {@code memory} guard and the {@code redis} guard (one {@code SET NX PX}
 * round trip to a local embedded Redis). The calls cycle over {@value #USERS} enrolled users at
 * a fixed instant, each with its right code: the first call per user is accepted, later ones are
 * refused as replays after the same work (the guard's reply differs, not its cost).
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TotpBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TotpBenchmark {
  private static final int USERS = 4096;

  /** Which replay guard: {@code memory} or {@code redis}. */
  @Param({"memory", "redis"})
  public String impl;

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private TotpService totp;
  private final String[] userIds = new String[USERS];
  private final String[] secrets = new String[USERS];
  private final String[] codes = new String[USERS];
  private int next;

  /** Enrolls the users and checks that the first code of each is accepted. */
  @Setup(Level.Trial)
  public void setUp() throws InvalidKeyException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    TotpReplayGuard guard;
    if (impl.equals("memory")) {
      guard = InMemoryTotpReplayGuard.create(InMemoryTotpReplayGuard.DEFAULT_MAX_ENTRIES, clock);
    } else {
      client = RedisClient.create(RedisExtension.endpoint().uri().toString());
      connection = client.connect();
      guard = RedisTotpReplayGuard.using(connection);
    }
    totp = TotpService.create(KeyRing.builder().addGeneratedKey(1).primary(1).build(), guard, "Bench", clock);
    TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
    String run = Long.toHexString(System.nanoTime()); // fresh users per trial: a shared Redis may hold earlier runs' keys
    for (int i = 0; i < USERS; i++) {
      userIds[i] = "user-" + run + "-" + i;
      TotpEnrollment e = totp.enroll(userIds[i], "user" + i + "@example.com");
      secrets[i] = e.storedSecret();
      byte[] raw = decodeBase32(e.secretBase32());
      codes[i] = generator.generateOneTimePasswordString(new SecretKeySpec(raw, generator.getAlgorithm()), clock.instant(), Locale.ROOT);
    }
    if (!totp.verify(userIds[0], secrets[0], codes[0]).isValid()) {
      throw new IllegalStateException(impl + " rejects a right code");
    }
  }

  /** Closes the Redis client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (client != null) {
      connection.close();
      client.shutdown();
    }
  }

  /**
   * Verifies the next user's code.
   *
   * @return the outcome, so the JIT cannot drop the call
   */
  @Benchmark
  public TotpVerification verify() {
    int i = next;
    next = (i + 1) % USERS;
    return totp.verify(userIds[i], secrets[i], codes[i]);
  }

  private static byte[] decodeBase32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      buffer = (buffer << 5) | alphabet.indexOf(s.charAt(i));
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
