package io.hiroi.auth.redis;

import io.hiroi.auth.TotpReplayGuard;
import io.hiroi.auth.internal.Errors;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Objects;

/**
 * The Redis {@link TotpReplayGuard}: one {@code SET hiroi:totp:<key> 1 NX PX <ttl>} per use, atomic
 * on the server, so of concurrent uses of one code on any number of replicas exactly one is first.
 * The key is a hash of the user id and the time step; no code or secret is stored.
 *
 * <p>Thread-safe; share one instance (Lettuce connections are thread-safe).
 */
public final class RedisTotpReplayGuard implements TotpReplayGuard {
  /** The prefix of every key this guard writes. */
  public static final String KEY_PREFIX = "hiroi:totp:";

  private final RedisClusterCommands<String, String> commands;

  private RedisTotpReplayGuard(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the guard
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisTotpReplayGuard using(StatefulRedisConnection<String, String> connection) {
    return new RedisTotpReplayGuard(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the guard
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisTotpReplayGuard using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisTotpReplayGuard(Objects.requireNonNull(connection, "connection").sync());
  }

  @Override
  public boolean firstUse(String key, Duration ttl) {
    String reply;
    try {
      reply = commands.set(KEY_PREFIX + key, "1", SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis())));
    } catch (RuntimeException e) {
      throw Errors.storeFailed("mark a TOTP code used", e);
    }
    return "OK".equals(reply);
  }

  @Override
  public String toString() {
    return "RedisTotpReplayGuard[prefix=" + KEY_PREFIX + "]";
  }
}
