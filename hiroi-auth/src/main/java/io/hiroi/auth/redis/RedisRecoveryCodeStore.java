package io.hiroi.auth.redis;

import io.hiroi.auth.RecoveryCodeStore;
import io.hiroi.auth.internal.Errors;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Objects;
import java.util.Set;

/**
 * The Redis {@link RecoveryCodeStore} (single server or Redis Cluster, through Lettuce): each user's
 * unused hashes are one set, {@code hiroi:recovery:{<user key>}}; a use is one {@code SREM}, atomic
 * on the server, so of concurrent uses of one code on any number of replicas exactly one removes
 * it; a replacement is one Lua script ({@code DEL} then {@code SADD}), so no replica sees the old
 * and new sets mixed. The set holds hashes only; no code and no user id is stored.
 *
 * <p>The lookup is by hash: its timing depends on the SHA-256 of the entered code, which an
 * attacker cannot steer towards a stored hash, so it leaks nothing a guess could use.
 *
 * <p>Every failure throws {@link io.hiroi.auth.AuthStoreException}; redemption then fails closed.
 *
 * <p>Thread-safe; share one instance (Lettuce connections are thread-safe).
 */
public final class RedisRecoveryCodeStore implements RecoveryCodeStore {
  /** The prefix of every key this store writes. */
  public static final String KEY_PREFIX = "hiroi:recovery:";

  private final RedisClusterCommands<String, String> commands;
  private final LuaScript replace;

  private RedisRecoveryCodeStore(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
    this.replace = LuaScript.load("recovery_replace", commands);
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisRecoveryCodeStore using(StatefulRedisConnection<String, String> connection) {
    return new RedisRecoveryCodeStore(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisRecoveryCodeStore using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisRecoveryCodeStore(Objects.requireNonNull(connection, "connection").sync());
  }

  @Override
  public void replace(String userKey, Set<String> hashes) {
    String[] args = Set.copyOf(hashes).toArray(new String[0]);
    replace.run(commands, ScriptOutputType.INTEGER, new String[] {key(userKey)}, args);
  }

  @Override
  public boolean consume(String userKey, String hash) {
    Long removed;
    try {
      removed = commands.srem(key(userKey), hash);
    } catch (RuntimeException e) {
      throw Errors.storeFailed("use a recovery code", e);
    }
    if (removed == null) {
      throw Errors.badReply("use a recovery code");
    }
    return removed == 1L;
  }

  @Override
  public int remaining(String userKey) {
    Long n;
    try {
      n = commands.scard(key(userKey));
    } catch (RuntimeException e) {
      throw Errors.storeFailed("count recovery codes", e);
    }
    if (n == null) {
      throw Errors.badReply("count recovery codes");
    }
    return Math.toIntExact(n);
  }

  private static String key(String userKey) {
    return KEY_PREFIX + "{" + Objects.requireNonNull(userKey, "userKey") + "}";
  }

  @Override
  public String toString() {
    return "RedisRecoveryCodeStore[prefix=" + KEY_PREFIX + "]";
  }
}
