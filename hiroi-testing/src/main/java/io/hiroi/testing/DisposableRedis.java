package io.hiroi.testing;

import io.hiroi.testing.internal.EmbeddedRedis;
import io.hiroi.testing.internal.RedisNode;
import java.net.URI;
import java.util.Objects;

/**
 * A real {@code redis-server} of a test's own, for fault tests that stop it, restart it on the
 * same port or make it slow ({@code DEBUG SLEEP} is enabled for local clients). Unlike
 * {@link RedisExtension}'s shared server it is never replaced by {@code HIROI_TEST_REDIS_URI}:
 * a test cannot stop a server it does not own.
 *
 * <p>Thread-safe; {@link #stop()} and {@link #restart()} are meant to be called by the test's
 * main thread while other threads use the server. Close it when the test ends (a JVM shutdown
 * hook stops it otherwise).
 *
 * <pre>{@code
 * try (DisposableRedis redis = DisposableRedis.start("fault")) {
 *   RedisClient client = RedisClient.create(redis.endpoint().uri().toString());
 *   redis.stop();
 *   ...
 *   redis.restart();
 * }
 * }</pre>
 */
public final class DisposableRedis implements AutoCloseable {
  private final String name;
  private final int port;
  private RedisNode node;

  private DisposableRedis(String name, RedisNode node) {
    this.name = name;
    this.node = node;
    this.port = node.port();
  }

  /**
   * Starts a server on a free port of 127.0.0.1 and waits until it answers PING.
   *
   * @param name a short name for its folder under {@code target/hiroi-testing/redis}
   * @return the running server
   * @throws NullPointerException when {@code name} is {@code null}
   * @throws IllegalStateException when the server cannot be started (the message holds its log)
   */
  public static DisposableRedis start(String name) {
    Objects.requireNonNull(name, "name");
    return new DisposableRedis(name, EmbeddedRedis.startDisposable(name));
  }

  /**
   * Returns where the server listens; the same before and after a restart.
   *
   * @return the endpoint
   */
  public RedisEndpoint endpoint() {
    return RedisEndpoint.of(URI.create("redis://127.0.0.1:" + port));
  }

  /** Stops the server (clients see their connections closed); does nothing when stopped. */
  public synchronized void stop() {
    node.stop();
  }

  /**
   * Starts the stopped server again on the same port, empty, and waits until it answers PING.
   *
   * @throws IllegalStateException when it is still running or cannot be started
   */
  public synchronized void restart() {
    if (isRunning()) {
      throw new IllegalStateException("the Redis server " + name + " is running; stop it first");
    }
    node = EmbeddedRedis.restartDisposable(name, port);
  }

  /**
   * Says whether the server process is alive.
   *
   * @return whether it runs
   */
  public synchronized boolean isRunning() {
    return node.isAlive();
  }

  /** Stops the server. */
  @Override
  public void close() {
    stop();
  }
}
