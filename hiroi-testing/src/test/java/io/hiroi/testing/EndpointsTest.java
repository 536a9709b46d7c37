package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint value types, without servers. */
class EndpointsTest {
  @Test
  void redisEndpoint_exposesHostPortAndUri() {
    RedisEndpoint endpoint = RedisEndpoint.of(URI.create("redis://127.0.0.1:12345"));
    assertThat(endpoint.host()).isEqualTo("127.0.0.1");
    assertThat(endpoint.port()).isEqualTo(12345);
    assertThat(endpoint.uri()).hasToString("redis://127.0.0.1:12345");
    assertThat(endpoint).isEqualTo(RedisEndpoint.of(URI.create("redis://127.0.0.1:12345")));
  }

  @Test
  void redisEndpoint_defaultsPort6379_andHidesPassword() {
    RedisEndpoint endpoint = RedisEndpoint.of(URI.create("rediss://:s3cret@cache.internal"));
    assertThat(endpoint.port()).isEqualTo(6379);
    assertThat(endpoint).hasToString("rediss://cache.internal:6379");
    assertThat(endpoint.toString()).doesNotContain("s3cret");
  }

  @Test
  void redisEndpoint_rejectsOtherSchemesAndMissingHost() {
    assertThatThrownBy(() -> RedisEndpoint.of(URI.create("http://127.0.0.1:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uri must be a redis:// or rediss:// URI");
    assertThatThrownBy(() -> RedisEndpoint.of(URI.create("redis:/nohost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uri must name a host, as in redis://127.0.0.1:6379");
    assertThatThrownBy(() -> RedisEndpoint.of(null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
  }

  @Test
  void redisClusterEndpoint_copiesAndValidatesSeeds() {
    RedisClusterEndpoint endpoint =
        RedisClusterEndpoint.of(List.of(URI.create("redis://127.0.0.1:1"), URI.create("redis://u:pw@127.0.0.1:2")));
    assertThat(endpoint.uris()).hasSize(2);
    assertThat(endpoint.redisUris()).extracting(u -> u.getPort()).containsExactly(1, 2);
    assertThat(endpoint).hasToString("RedisCluster[redis://127.0.0.1:1, redis://127.0.0.1:2]");
    assertThatThrownBy(() -> RedisClusterEndpoint.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uris must name at least one cluster node");
  }

  @Test
  void postgresEndpoint_hidesPasswordAndQuery() {
    PostgresEndpoint endpoint =
        PostgresEndpoint.of("jdbc:postgresql://db:5432/app?password=s3cret", "app", "s3cret");
    assertThat(endpoint).hasToString("PostgresEndpoint[jdbc:postgresql://db:5432/app, user=app]");
    assertThat(endpoint.user()).isEqualTo("app");
    assertThat(endpoint.password()).isEqualTo("s3cret");
    assertThatThrownBy(() -> PostgresEndpoint.of("jdbc:mysql://db/app", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jdbcUrl must start with jdbc:postgresql:");
  }

  @Test
  void uniqueName_isAPlainIdentifier_fromAnyHint() {
    assertThat(PostgresEndpoint.uniqueName("JdbcSinkIT")).matches("hiroi_jdbcsinkit_[0-9a-f]{12}");
    assertThat(PostgresEndpoint.uniqueName("a-b c\"; DROP")).matches("hiroi_a_b_c___drop_[0-9a-f]{12}");
    assertThat(PostgresEndpoint.uniqueName("x".repeat(100))).hasSize("hiroi_".length() + 40 + 13);
    assertThat(PostgresEndpoint.uniqueName("")).matches("hiroi__[0-9a-f]{12}");
    assertThat(PostgresEndpoint.uniqueName("same")).isNotEqualTo(PostgresEndpoint.uniqueName("same"));
  }
}
