package io.hiroi.auth.redis;

import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.internal.Errors;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Redis one-time token store (single server or Redis Cluster, through Lettuce): {@code SET
 * ... PX} to issue, {@code GETDEL} (Redis 6.2+) to consume, so that a token is used up by exactly
 * one call across every replica. Keys are {@code hiroi:ott:<SHA-256 of the token>}, each on its
 * own, expiring by itself an hour after the token.
 *
 * <p>Give the connection's client fail-fast options, as for {@link RedisSessionStore}. Every
 * failure throws {@link io.hiroi.auth.AuthStoreException}; consumption then fails closed.
 *
 * <p>Thread-safe; share one instance.
 */
public final class RedisOneTimeTokenStore implements OneTimeTokenStore {
  /** The prefix of every key this store writes. */
  public static final String KEY_PREFIX = "hiroi:ott:";

  private final RedisClusterCommands<String, String> commands;

  private RedisOneTimeTokenStore(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisOneTimeTokenStore using(StatefulRedisConnection<String, String> connection) {
    return new RedisOneTimeTokenStore(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisOneTimeTokenStore using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisOneTimeTokenStore(Objects.requireNonNull(connection, "connection").sync());
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    try {
      commands.set(KEY_PREFIX + key, value, SetArgs.Builder.px(ttl.toMillis()).nx());
    } catch (RuntimeException e) {
      throw Errors.storeFailed("store a one-time token", e);
    }
  }

  @Override
  public Optional<String> take(String key) {
    try {
      return Optional.ofNullable(commands.getdel(KEY_PREFIX + key));
    } catch (RuntimeException e) {
      throw Errors.storeFailed("consume a one-time token", e);
    }
  }

  @Override
  public String toString() {
    return "RedisOneTimeTokenStore[prefix=" + KEY_PREFIX + "]";
  }
}
