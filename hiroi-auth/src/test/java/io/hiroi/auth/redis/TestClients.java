package io.hiroi.auth.redis;

import io.hiroi.testing.RedisEndpoint;

import io.lettuce.core.api.StatefulRedisConnection;

import io.lettuce.core.RedisClient;

import io.hiroi.ratelimit.redis.RedisRateLimitBackend;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import java.time.Duration;

/**
 * Client options for the integration tests: the recommended fail-fast options, with a command
 * timeout long enough for a shared, loaded build machine (these tests check answers, not speed).
 */
final class TestClients {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private TestClients() {}

  /**
   * One embedded Redis seen by two replicas (two connections) and an admin connection for
   * inspecting keys: what every single-server store IT needs.
   */
  static final class Replicas {
    final StatefulRedisConnection<String, String> first;
    final StatefulRedisConnection<String, String> second;
    final StatefulRedisConnection<String, String> admin;
    private final RedisClient client;

    private Replicas(RedisEndpoint redis) {
      client = RedisClient.create(redis.uri().toString());
      client.setOptions(options());
      first = client.connect();
      second = client.connect();
      admin = client.connect();
    }

    /** The connection of replica 0 or 1. */
    StatefulRedisConnection<String, String> of(int replica) {
      return replica == 0 ? first : second;
    }

    void close() {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  static Replicas replicas(RedisEndpoint redis) {
    return new Replicas(redis);
  }

  static ClientOptions options() {
    return RedisRateLimitBackend.recommendedClientOptions().mutate().timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build();
  }

  static ClusterClientOptions clusterOptions() {
    return RedisRateLimitBackend.recommendedClusterClientOptions().mutate().timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build();
  }
}
