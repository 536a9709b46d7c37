package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DisposableRedisIT {
  @Test
  void restart_comesBackEmptyOnTheSamePort() {
    try (DisposableRedis redis = DisposableRedis.start("disposable-it")) {
      RedisEndpoint before = redis.endpoint();
      RedisClient client = RedisClient.create(before.uri().toString());
      try {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          c.sync().set("k", "v");
          assertThat(c.sync().get("k")).isEqualTo("v");
        }
        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        redis.stop();

        redis.restart();
        assertThat(redis.isRunning()).isTrue();
        assertThat(redis.endpoint()).extracting(RedisEndpoint::port).isEqualTo(before.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          assertThat(c.sync().get("k")).isNull();
          assertThat(c.sync().configGet("enable-debug-command")).containsEntry("enable-debug-command", "local");
        }
        assertThatThrownBy(redis::restart)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("the Redis server disposable-it is running; stop it first");
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
