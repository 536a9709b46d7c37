package io.hiroi.auth.redis;

import io.hiroi.auth.PendingSignInStore;
import io.hiroi.auth.internal.Errors;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Redis pending sign-in store, for several replicas sharing one Redis (a single server or
 * Redis Cluster) through Lettuce. Each entry is one hash at {@code hiroi:psi:<SHA-256 of the
 * token>} (fields {@code v}, the value, and {@code f}, the failures counted) that expires by
 * itself; every write is one Lua script on that one key, so {@link #take} (get and delete) and
 * {@link #fail} (count, and delete at the limit) are atomic on the server and run on Redis
 * Cluster.
 *
 * <p>Give the connection's client fail-fast options ({@code
 * io.hiroi.ratelimit.redis.RedisRateLimitBackend.recommendedClientOptions()}). Every failure
 * throws {@link io.hiroi.auth.AuthStoreException}; {@link io.hiroi.auth.SignInChallenges} then
 * fails closed.
 *
 * <p>Thread-safe; share one instance (Lettuce connections are thread-safe).
 */
public final class RedisPendingSignInStore implements PendingSignInStore {
  /** The prefix of every key this store writes. */
  public static final String KEY_PREFIX = "hiroi:psi:";

  private final RedisClusterCommands<String, String> commands;
  private final LuaScript put;
  private final LuaScript take;
  private final LuaScript fail;

  private RedisPendingSignInStore(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
    this.put = LuaScript.load("pending_put", commands);
    this.take = LuaScript.load("pending_take", commands);
    this.fail = LuaScript.load("pending_fail", commands);
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisPendingSignInStore using(StatefulRedisConnection<String, String> connection) {
    return new RedisPendingSignInStore(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisPendingSignInStore using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisPendingSignInStore(Objects.requireNonNull(connection, "connection").sync());
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    put.run(commands, ScriptOutputType.INTEGER, new String[] {KEY_PREFIX + key}, value, Long.toString(Math.max(1, ttl.toMillis())));
  }

  @Override
  public Optional<String> get(String key) {
    try {
      return Optional.ofNullable(commands.hget(KEY_PREFIX + key, "v"));
    } catch (RuntimeException e) {
      throw Errors.storeFailed("read a pending sign-in", e);
    }
  }

  @Override
  public Optional<String> take(String key) {
    String v = take.run(commands, ScriptOutputType.VALUE, new String[] {KEY_PREFIX + key});
    return Optional.ofNullable(v);
  }

  @Override
  public long fail(String key, int maxFailures) {
    Long n = fail.run(commands, ScriptOutputType.INTEGER, new String[] {KEY_PREFIX + key}, Integer.toString(maxFailures));
    if (n == null) {
      throw Errors.badReply("count a failure");
    }
    return n;
  }

  @Override
  public String toString() {
    return "RedisPendingSignInStore[prefix=" + KEY_PREFIX + "]";
  }
}
