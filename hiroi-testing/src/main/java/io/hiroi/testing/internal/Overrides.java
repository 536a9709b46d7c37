package io.hiroi.testing.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The environment variables that point the extensions at servers someone else runs, so that
 * nothing is started. Read through a function so that tests can supply their own environment.
 */
public final class Overrides {
  /** A single Redis server, such as {@code redis://127.0.0.1:6379}. */
  public static final String REDIS_URI = "HIROI_TEST_REDIS_URI";

  /** Redis Cluster seed nodes, comma separated. */
  public static final String REDIS_CLUSTER_URIS = "HIROI_TEST_REDIS_CLUSTER_URIS";

  /** A PostgreSQL JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:5432/postgres}. */
  public static final String JDBC_URL = "HIROI_TEST_JDBC_URL";

  /** The user for {@link #JDBC_URL}; optional. */
  public static final String JDBC_USER = "HIROI_TEST_JDBC_USER";

  /** The password for {@link #JDBC_URL}; optional. */
  public static final String JDBC_PASSWORD = "HIROI_TEST_JDBC_PASSWORD";

  private Overrides() {}

  /**
   * Reads {@link #REDIS_URI}.
   *
   * @param env the environment
   * @return the URI, or {@code null} when the variable is unset or blank
   * @throws IllegalArgumentException when it is not a {@code redis://} or {@code rediss://} URI
   */
  public static URI redisUri(Function<String, String> env) {
    String value = env.apply(REDIS_URI);
    if (value == null || value.isBlank()) {
      return null;
    }
    return redisUri(REDIS_URI, value.trim());
  }

  /**
   * Reads {@link #REDIS_CLUSTER_URIS}.
   *
   * @param env the environment
   * @return the URIs, or {@code null} when the variable is unset or blank
   * @throws IllegalArgumentException when an entry is not a Redis URI
   */
  public static List<URI> redisClusterUris(Function<String, String> env) {
    String value = env.apply(REDIS_CLUSTER_URIS);
    if (value == null || value.isBlank()) {
      return null;
    }
    List<URI> uris = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        uris.add(redisUri(REDIS_CLUSTER_URIS, part.trim()));
      }
    }
    return List.copyOf(uris);
  }

  /**
   * Reads {@link #JDBC_URL}, {@link #JDBC_USER} and {@link #JDBC_PASSWORD}.
   *
   * @param env the environment
   * @return {@code url, user, password} (user and password may be {@code null}), or {@code null}
   *     when the URL is unset or blank
   * @throws IllegalArgumentException when the URL is not a {@code jdbc:postgresql:} URL
   */
  public static String[] jdbc(Function<String, String> env) {
    String url = env.apply(JDBC_URL);
    if (url == null || url.isBlank()) {
      return null;
    }
    url = url.trim();
    if (!url.startsWith(JdbcUrls.PREFIX)) {
      throw Errors.badOverride(JDBC_URL, "must start with " + JdbcUrls.PREFIX);
    }
    return new String[] {url, env.apply(JDBC_USER), env.apply(JDBC_PASSWORD)};
  }

  private static URI redisUri(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw Errors.badOverride(variable, "is not a URI (" + e.getReason() + ")");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw Errors.badOverride(variable, "must be a redis:// or rediss:// URI");
    }
    if (uri.getHost() == null) {
      throw Errors.badOverride(variable, "must name a host, as in redis://127.0.0.1:6379");
    }
    return uri;
  }
}
