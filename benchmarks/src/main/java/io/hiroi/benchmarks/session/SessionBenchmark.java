package io.hiroi.benchmarks.session;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.IssuedSession;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionStore;
import io.hiroi.auth.redis.RedisSessionStore;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One session validation ({@link SessionManager#validate}, the call every request makes): hiroi's
 * {@code memory} store, hiroi's {@code redis} store (one {@code EVALSHA} round trip to a local
 * embedded Redis), and the floor {@code rawHmget}: a plain Lettuce {@code HMGET} of the same key
 * and fields, which is what any Redis-backed session lookup must at least pay. The session was
 * last seen less than the touch interval ago, so validation reads only (the common case).
 * Spring Session's Redis repository is not on the benchmarks' class path and is not measured.
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SessionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SessionBenchmark {
  private static final List<String> FIELDS = List.of("u", "c", "l", "x", "t", "f", "ip", "ua");

  /** Which implementation: {@code memory}, {@code redis} or {@code rawHmget}. */
  @Param({"memory", "redis", "rawHmget"})
  public String impl;

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> redis;
  private SessionManager sessions;
  private String token;
  private String key;

  /** Creates the session to validate and checks that it validates. */
  @Setup(Level.Trial)
  public void setUp() {
    SessionStore store;
    if (impl.equals("memory")) {
      store = InMemorySessionStore.create();
    } else {
      client = RedisClient.create(RedisExtension.endpoint().uri().toString());
      connection = client.connect();
      redis = connection.sync();
      store = RedisSessionStore.using(connection);
    }
    sessions = SessionManager.builder(store).touchAfter(Duration.ofMinutes(10)).build();
    IssuedSession issued = sessions.create("user-42", Set.of(AuthFactor.PASSWORD), ClientInfo.of("203.0.113.5", "Mozilla/5.0 (X11; Linux x86_64)"));
    token = issued.token();
    key = "hiroi:{u:" + token.substring(3, 7) + "}:s:" + issued.session().id();
    if (!sessions.validate(token).isValid()) {
      throw new IllegalStateException(impl + " rejects its own session");
    }
    if (redis != null && redis.hmget(key, FIELDS.toArray(new String[0])).get(0).getValueOrElse(null) == null) {
      throw new IllegalStateException("the session hash is not where the floor reads it");
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
   * Validates the session (or, for the floor, reads its hash).
   *
   * @return something the JIT cannot drop
   */
  @Benchmark
  public Object validate() {
    if (impl.equals("rawHmget")) {
      return redis.hmget(key, "u", "c", "l", "x", "t", "f", "ip", "ua");
    }
    return sessions.validate(token);
  }
}
