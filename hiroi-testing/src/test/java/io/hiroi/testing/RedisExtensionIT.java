package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hiroi.testing.internal.WorkDir;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisExtensionIT {
  private static final boolean EMBEDDED = System.getenv("HIROI_TEST_REDIS_URI") == null;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  private final String prefix = "RedisExtensionIT:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void connect(RedisEndpoint endpoint) {
    client = RedisClient.create(endpoint.uri().toString());
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Test
  void endpoint_isALoopbackServer(RedisEndpoint endpoint) {
    assumeTrue(EMBEDDED, "HIROI_TEST_REDIS_URI is set");
    assertThat(endpoint.host()).isEqualTo("127.0.0.1");
    assertThat(endpoint.uri()).hasToString("redis://127.0.0.1:" + endpoint.port());
    assertThat(redis.info("server")).contains("redis_version:7.0.15");
  }

  @Test
  void server_hasNoPersistence_andKeepsItsFilesUnderTheWorkDir(RedisEndpoint endpoint) throws Exception {
    assumeTrue(EMBEDDED, "HIROI_TEST_REDIS_URI is set");
    assertThat(redis.configGet("save", "appendonly", "bind"))
        .containsEntry("save", "")
        .containsEntry("appendonly", "no")
        .containsEntry("bind", "127.0.0.1");
    String dir = redis.configGet("dir").get("dir");
    assertThat(dir).startsWith(WorkDir.resolve().resolve("redis").toString());
    assertThat(Files.readString(java.nio.file.Path.of(dir, "redis.log"))).contains("Ready to accept connections");
  }

  @Test
  void setAndGet() {
    assertThat(redis.set(prefix + "k", "v")).isEqualTo("OK");
    assertThat(redis.get(prefix + "k")).isEqualTo("v");
  }

  @Test
  void getdel_returnsTheValueOnce() {
    redis.set(prefix + "token", "t1");
    assertThat(redis.getdel(prefix + "token")).isEqualTo("t1");
    assertThat(redis.getdel(prefix + "token")).isNull();
    assertThat(redis.exists(prefix + "token")).isZero();
  }

  @Test
  void eval_runsALuaScript() {
    String script =
        "local n = redis.call('INCRBY', KEYS[1], ARGV[1]); redis.call('PEXPIRE', KEYS[1], ARGV[2]); return n";
    List<String> keys = List.of(prefix + "counter");
    Long first = redis.eval(script, ScriptOutputType.INTEGER, keys.toArray(new String[0]), "5", "60000");
    Long second = redis.eval(script, ScriptOutputType.INTEGER, keys.toArray(new String[0]), "2", "60000");
    assertThat(first).isEqualTo(5L);
    assertThat(second).isEqualTo(7L);
    assertThat(redis.pttl(prefix + "counter")).isBetween(1L, 60_000L);
  }

  @Test
  void time_returnsTheServerClock() {
    List<String> time = redis.time();
    assertThat(time).hasSize(2);
    long serverSeconds = Long.parseLong(time.get(0));
    assertThat(serverSeconds).isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 60);
    assertThat(Long.parseLong(time.get(1))).isBetween(0L, 999_999L);
  }

  @Test
  void endpoint_isOneServerForAllThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<RedisEndpoint>> futures =
          pool.invokeAll(java.util.Collections.nCopies(16, RedisExtension::endpoint));
      for (Future<RedisEndpoint> future : futures) {
        assertThat(future.get()).isEqualTo(RedisExtension.endpoint());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void flushAll_emptiesTheServer(RedisEndpoint endpoint) {
    redis.mset(Map.of(prefix + "a", "1", prefix + "b", "2"));
    endpoint.flushAll();
    assertThat(redis.dbsize()).isZero();
  }
}
