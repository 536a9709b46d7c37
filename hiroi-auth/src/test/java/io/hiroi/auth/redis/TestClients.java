package io.hiroi.auth.redis;

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

  static ClientOptions options() {
    return RedisRateLimitBackend.recommendedClientOptions().mutate().timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build();
  }

  static ClusterClientOptions clusterOptions() {
    return RedisRateLimitBackend.recommendedClusterClientOptions().mutate().timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build();
  }
}
