package io.hiroi.benchmarks.ratelimit;

import io.hiroi.testing.DisposableRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A private embedded Redis (the tests' {@code hiroi-testing} server) for one benchmark trial. The
 * clients under test are built on {@link #resources()}, whose {@link CommandCounter} counts the
 * commands they send (round trips); a side connection, not counted, reads the server's own
 * counts ({@code INFO commandstats}, which include the commands scripts run inside the server).
 */
final class BenchRedis implements AutoCloseable {
  private final DisposableRedis server;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> side;
  private final CommandCounter sent = new CommandCounter();
  private final ClientResources resources = DefaultClientResources.builder().commandLatencyRecorder(sent).build();

  private BenchRedis(DisposableRedis server) {
    this.server = server;
    this.client = RedisClient.create(uri(server));
    this.side = client.connect();
  }

  static BenchRedis start(String name) {
    return new BenchRedis(DisposableRedis.start(name));
  }

  private static String uri(DisposableRedis server) {
    return server.endpoint().uri().toString();
  }

  String uri() {
    return uri(server);
  }

  /** The client resources the clients under test are built on: their commands are counted. */
  ClientResources resources() {
    return resources;
  }

  RedisCommands<String, String> commands() {
    return side.sync();
  }

  /** Zeroes the server's command counts. */
  void resetCommandStats() {
    side.sync().configResetstat();
    sent.reset();
  }

  /**
   * Reads the server's command counts since the last reset, leaving out the commands this class
   * sends itself.
   *
   * @return calls per command name, such as {@code evalsha=1000}
   */
  Map<String, Long> commandStats() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : side.sync().info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      if (name.equals("info") || name.startsWith("config")) {
        continue;
      }
      int start = line.indexOf("calls=") + "calls=".length();
      int end = line.indexOf(',', start);
      calls.put(name, Long.parseLong(line.substring(start, end)));
    }
    return calls;
  }

  /**
   * Prints the commands per decision since the last reset.
   *
   * @param label what was measured
   * @param decisions how many decisions were made since the last reset
   */
  void printCommandsPerDecision(String label, long decisions) {
    Map<String, Long> roundTrips = sent.snapshot();
    long total = roundTrips.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "%n[%s] decisions=%d, commands sent=%d -> %.3f round trips per decision %s; the server ran %s%n",
        label, decisions, total, decisions == 0 ? 0.0 : (double) total / decisions, roundTrips, commandStats());
  }

  @Override
  public void close() {
    side.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    server.close();
  }
}
