package io.hiroi.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a test finds its Redis server: the embedded one that {@link RedisExtension} started, or
 * the one named by {@code HIROI_TEST_REDIS_URI}. Tests sharing one server keep apart by using
 * key prefixes of their own; {@link #flushAll()} empties the whole server.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} leaves out any password
 * the URI holds.
 */
public final class RedisEndpoint {
  private static final int DEFAULT_PORT = 6379;

  private final URI uri;

  private RedisEndpoint(URI uri) {
    this.uri = uri;
  }

  /**
   * Creates an endpoint for a server URI.
   *
   * @param uri a {@code redis://} or {@code rediss://} URI naming a host
   * @return the endpoint
   * @throws NullPointerException when {@code uri} is {@code null}
   * @throws IllegalArgumentException when the URI is not a Redis URI with a host
   */
  public static RedisEndpoint of(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("uri must be a redis:// or rediss:// URI");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri must name a host, as in redis://127.0.0.1:6379");
    }
    return new RedisEndpoint(uri);
  }

  /**
   * Returns the server's URI, such as {@code redis://127.0.0.1:12345}; give it to
   * {@code RedisClient.create(endpoint.uri().toString())}.
   *
   * @return the URI, with any credentials it was configured with
   */
  public URI uri() {
    return uri;
  }

  /**
   * Returns the server's host.
   *
   * @return the host, {@code 127.0.0.1} for the embedded server
   */
  public String host() {
    return uri.getHost();
  }

  /**
   * Returns the server's port.
   *
   * @return the port (6379 when the URI names none)
   */
  public int port() {
    return uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
  }

  /**
   * Deletes every key in every database of the server ({@code FLUSHALL}), through a short-lived
   * Lettuce connection. Prefer key prefixes of your own: a flush also hits other test classes
   * that share the server.
   *
   * @throws io.lettuce.core.RedisException when the server cannot be reached or refuses
   */
  public void flushAll() {
    RedisClient client = RedisClient.create(RedisURI.create(uri));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushall();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RedisEndpoint && ((RedisEndpoint) other).uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  /**
   * Returns {@code scheme://host:port}, without credentials.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return uri.getScheme() + "://" + host() + ":" + port();
  }
}
