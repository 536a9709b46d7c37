package io.hiroi.testing;

import io.hiroi.testing.internal.EmbeddedRedis;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives tests a real Redis Cluster: three {@code redis-server} 7.0.15
 * masters per test JVM (no replicas), started on first use on random free ports of 127.0.0.1
 * (each port + 10000, the cluster bus, free too), joined into one cluster that this extension
 * forms itself (slots 0-5460, 5461-10922, 10923-16383; {@code CLUSTER MEET}; a bounded wait until
 * every node reports {@code cluster_state:ok}), without persistence, with configuration, cluster
 * state and logs in {@code <hiroi.testing.workDir>/redis/}, stopped by a JVM shutdown hook. When
 * the environment variable {@code HIROI_TEST_REDIS_CLUSTER_URIS} (comma-separated seed URIs) is
 * set, that cluster is used and nothing is started.
 *
 * <p>Test classes share the cluster: give keys a prefix of your own. A cluster that cannot start
 * or form fails the test with every node's log tail in the message.
 *
 * <p>Thread-safe: test classes may use it in parallel; the cluster starts once.
 *
 * <pre>{@code
 * @ExtendWith(RedisClusterExtension.class)
 * class RedisClusterStoreIT {
 *   @Test
 *   void stores(RedisClusterEndpoint cluster) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.redisUris());
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class RedisClusterExtension implements ParameterResolver {
  /** Called by JUnit for {@code @ExtendWith(RedisClusterExtension.class)}; holds no state. */
  public RedisClusterExtension() {}

  /**
   * Returns this JVM's Redis Cluster, starting it on first use; for code outside JUnit's
   * parameter resolution (static initializers, argument sources).
   *
   * @return the cluster's endpoint
   * @throws IllegalStateException when the cluster cannot be started or formed (the message
   *     holds the nodes' log tails), or failed to start earlier in this JVM
   * @throws IllegalArgumentException when {@code HIROI_TEST_REDIS_CLUSTER_URIS} holds a URI that is not a
   *     Redis URI
   */
  public static RedisClusterEndpoint endpoint() {
    return EmbeddedRedis.cluster();
  }

  /**
   * Resolves parameters of type {@link RedisClusterEndpoint}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return whether the parameter is a {@link RedisClusterEndpoint}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisClusterEndpoint.class;
  }

  /**
   * Returns this JVM's Redis Cluster, starting it on first use.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return the {@link RedisClusterEndpoint}
   * @throws IllegalStateException when the cluster cannot be started or formed
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return endpoint();
  }
}
