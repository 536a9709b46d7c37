package io.hiroi.testing;

import io.hiroi.testing.internal.EmbeddedRedis;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives tests a real Redis server: one {@code redis-server} 7.0.15 (the
 * binary shipped by {@code org.signal:embedded-redis}) per test JVM, started on first use on a
 * random free port of 127.0.0.1, without persistence ({@code save ""}, {@code appendonly no}),
 * with its configuration and log in {@code <hiroi.testing.workDir>/redis/} (default
 * {@code target/hiroi-testing}), stopped by a JVM shutdown hook. When the environment variable
 * {@code HIROI_TEST_REDIS_URI} is set, that server is used and nothing is started.
 *
 * <p>Test classes share the server: give keys a prefix of your own rather than flushing. A
 * server that cannot start fails the test with the server's log tail in the message.
 *
 * <p>Thread-safe: test classes may use it in parallel; the server starts once.
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * class RedisStoreIT {
 *   @Test
 *   void stores(RedisEndpoint redis) {
 *     RedisClient client = RedisClient.create(redis.uri().toString());
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class RedisExtension implements ParameterResolver {
  /** Called by JUnit for {@code @ExtendWith(RedisExtension.class)}; holds no state. */
  public RedisExtension() {}

  /**
   * Returns this JVM's Redis server, starting it on first use; for code outside JUnit's
   * parameter resolution (static initializers, argument sources).
   *
   * @return the server's endpoint
   * @throws IllegalStateException when the server cannot be started (the message holds its log
   *     tail), or failed to start earlier in this JVM
   * @throws IllegalArgumentException when {@code HIROI_TEST_REDIS_URI} is not a Redis URI
   */
  public static RedisEndpoint endpoint() {
    return EmbeddedRedis.single();
  }

  /**
   * Resolves parameters of type {@link RedisEndpoint}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return whether the parameter is a {@link RedisEndpoint}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisEndpoint.class;
  }

  /**
   * Returns this JVM's Redis server, starting it on first use.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return the {@link RedisEndpoint}
   * @throws IllegalStateException when the server cannot be started
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return endpoint();
  }
}
