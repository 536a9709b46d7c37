package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.RedisClusterEndpoint;
import io.hiroi.testing.RedisEndpoint;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment overrides, with an environment of the test's own making. */
class OverridesTest {
  @Test
  void unsetOrBlank_meansStartOurOwn() {
    Map<String, String> env = Map.of(Overrides.REDIS_URI, "  ", Overrides.JDBC_URL, "");
    assertThat(Overrides.redisUri(env::get)).isNull();
    assertThat(Overrides.redisClusterUris(env::get)).isNull();
    assertThat(Overrides.jdbc(env::get)).isNull();
  }

  @Test
  void redisUri_isUsedInsteadOfStartingAServer() {
    Map<String, String> env = Map.of(Overrides.REDIS_URI, " redis://10.0.0.5:6380 ");
    RedisEndpoint endpoint = EmbeddedRedis.single(env::get);
    assertThat(endpoint.uri()).isEqualTo(URI.create("redis://10.0.0.5:6380"));
  }

  @Test
  void redisClusterUris_splitOnCommas() {
    Map<String, String> env =
        Map.of(Overrides.REDIS_CLUSTER_URIS, "redis://10.0.0.1:7000, redis://10.0.0.2:7000,,redis://10.0.0.3:7000");
    RedisClusterEndpoint endpoint = EmbeddedRedis.cluster(env::get);
    assertThat(endpoint.uris())
        .containsExactly(
            URI.create("redis://10.0.0.1:7000"), URI.create("redis://10.0.0.2:7000"), URI.create("redis://10.0.0.3:7000"));
  }

  @Test
  void jdbc_takesUserAndPassword() {
    Map<String, String> env =
        Map.of(
            Overrides.JDBC_URL, "jdbc:postgresql://db:5432/hiroi",
            Overrides.JDBC_USER, "ci",
            Overrides.JDBC_PASSWORD, "pw");
    PostgresEndpoint endpoint = EmbeddedPostgresServer.server(env::get);
    assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/hiroi");
    assertThat(endpoint.user()).isEqualTo("ci");
    assertThat(endpoint.password()).isEqualTo("pw");
  }

  @Test
  void badValues_nameTheVariable_butNotTheValue() {
    assertThatThrownBy(() -> Overrides.redisUri(Map.of(Overrides.REDIS_URI, "http://u:s3cret@h:1")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hiroi-testing: environment variable HIROI_TEST_REDIS_URI must be a redis:// or rediss:// URI");
    assertThatThrownBy(
            () -> Overrides.redisClusterUris(Map.of(Overrides.REDIS_CLUSTER_URIS, "redis://h:1,s3cret")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HIROI_TEST_REDIS_CLUSTER_URIS")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> Overrides.jdbc(Map.of(Overrides.JDBC_URL, "postgres://u:s3cret@h/db")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hiroi-testing: environment variable HIROI_TEST_JDBC_URL must start with jdbc:postgresql:");
  }
}
