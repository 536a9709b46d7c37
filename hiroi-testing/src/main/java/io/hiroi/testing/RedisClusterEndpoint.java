package io.hiroi.testing;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a test finds its Redis Cluster: the three masters that {@link RedisClusterExtension}
 * started and joined (slots 0-5460, 5461-10922 and 10923-16383), or the seed nodes named by
 * {@code HIROI_TEST_REDIS_CLUSTER_URIS}. Keys that one script touches must share a hash tag
 * ({@code {tag}}), as on any cluster.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} leaves out passwords.
 */
public final class RedisClusterEndpoint {
  private final List<URI> uris;

  private RedisClusterEndpoint(List<URI> uris) {
    this.uris = uris;
  }

  /**
   * Creates an endpoint for a cluster's seed nodes.
   *
   * @param uris at least one {@code redis://} or {@code rediss://} URI naming a host
   * @return the endpoint
   * @throws NullPointerException when {@code uris} or one of them is {@code null}
   * @throws IllegalArgumentException when the list is empty or holds a URI that is not a Redis URI
   */
  public static RedisClusterEndpoint of(List<URI> uris) {
    List<URI> copy = List.copyOf(uris);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("uris must name at least one cluster node");
    }
    for (URI uri : copy) {
      RedisEndpoint.of(uri); // validates
    }
    return new RedisClusterEndpoint(copy);
  }

  /**
   * Returns the seed nodes' URIs (for the embedded cluster: its three masters, such as
   * {@code redis://127.0.0.1:12345}).
   *
   * @return an unmodifiable list of at least one URI
   */
  public List<URI> uris() {
    return uris;
  }

  /**
   * Returns the seed nodes as Lettuce URIs, ready for {@code RedisClusterClient.create(...)}.
   *
   * @return a new modifiable list
   */
  public List<RedisURI> redisUris() {
    List<RedisURI> result = new ArrayList<>();
    for (URI uri : uris) {
      result.add(RedisURI.create(uri));
    }
    return result;
  }

  /**
   * Deletes every key on every master ({@code FLUSHALL} on each), through a short-lived Lettuce
   * cluster connection. Prefer key prefixes of your own: a flush also hits other test classes.
   *
   * @throws io.lettuce.core.RedisException when the cluster cannot be reached or refuses
   */
  public void flushAll() {
    RedisClusterClient client = RedisClusterClient.create(redisUris());
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      connection.sync().flushall();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RedisClusterEndpoint && ((RedisClusterEndpoint) other).uris.equals(uris);
  }

  @Override
  public int hashCode() {
    return uris.hashCode();
  }

  /**
   * Returns the seed nodes as {@code scheme://host:port}, without credentials.
   *
   * @return the text
   */
  @Override
  public String toString() {
    List<String> nodes = new ArrayList<>();
    for (URI uri : uris) {
      nodes.add(RedisEndpoint.of(uri).toString());
    }
    return "RedisCluster" + nodes;
  }
}
