package io.hiroi.auth.redis;

import io.hiroi.auth.DeviceStore;
import io.hiroi.auth.internal.Errors;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The Redis {@link DeviceStore}, for several replicas (single server or Cluster): one sorted set
 * per user at {@code hiroi:dev:<user key>} (entry to last-seen milliseconds), changed by one Lua
 * script that touches only that key, so a check is one round trip and atomic. Keys and members are
 * keyed HMACs: a dump of Redis yields no user id, IP address or user agent. The set expires by
 * itself when its newest entry does.
 *
 * <p>Thread-safe; share one instance (Lettuce connections are thread-safe).
 */
public final class RedisDeviceStore implements DeviceStore {
  /** The prefix of every key this store writes. */
  public static final String KEY_PREFIX = "hiroi:dev:";

  private final RedisClusterCommands<String, String> commands;
  private final LuaScript remember;

  private RedisDeviceStore(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
    this.remember = LuaScript.load("device_remember", commands);
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisDeviceStore using(StatefulRedisConnection<String, String> connection) {
    return new RedisDeviceStore(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisDeviceStore using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisDeviceStore(Objects.requireNonNull(connection, "connection").sync());
  }

  @Override
  public List<Boolean> remember(String userKey, List<String> entries, Instant now, Duration ttl, int maxEntries) {
    String[] args = new String[entries.size() + 3];
    args[0] = Long.toString(now.toEpochMilli());
    args[1] = Long.toString(ttl.toMillis());
    args[2] = Integer.toString(maxEntries);
    for (int i = 0; i < entries.size(); i++) {
      args[i + 3] = entries.get(i);
    }
    List<Object> reply = remember.run(commands, ScriptOutputType.MULTI, new String[] {KEY_PREFIX + userKey}, args);
    if (reply == null || reply.size() != entries.size()) {
      throw Errors.badReply("remember devices");
    }
    List<Boolean> known = new ArrayList<>(reply.size());
    for (Object o : reply) {
      if (!(o instanceof Long)) {
        throw Errors.badReply("remember devices");
      }
      known.add((Long) o == 1L);
    }
    return Collections.unmodifiableList(known);
  }

  @Override
  public String toString() {
    return "RedisDeviceStore[prefix=" + KEY_PREFIX + "]";
  }
}
