package io.hiroi.auth.redis;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.Session;
import io.hiroi.auth.SessionStore;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Redis session store, for several replicas sharing one Redis (a single server or Redis
 * Cluster) through Lettuce. Every change is one Lua script ({@code EVALSHA}), so it is atomic on
 * the server: a validation is one script and one round trip, and a sign-out-everywhere deletes
 * every session of the user in one step, effective for every replica on its next validation.
 *
 * <p>Every script names each key it touches in {@code KEYS}, as Redis' scripting rules require
 * (and Redis Cluster relies on). The operations that walk a user's sessions (create, which ends
 * the oldest beyond the maximum; sign out everywhere; list) first read the user's index ({@code
 * ZRANGE}) and pass the session keys of its members. Sign out everywhere checks that the index
 * still holds exactly those members and otherwise changes nothing; create stores its session in
 * any case and only needs the current index when it must end a session it was not told about.
 * Sign out everywhere else ({@link #removeAllExcept}) is the same script, keeping one member.
 * Either way the store then reads again and retries (at most 32 times, then {@link
 * io.hiroi.auth.AuthStoreException}). So those operations cost two round trips, and a session
 * created concurrently with a sign out everywhere is never left out of its user's index.
 *
 * <p>Keys: a session is a hash at {@code hiroi:{u:<tag>}:s:<session id>}, a user's index a sorted
 * set at {@code hiroi:{u:<tag>}:i:<SHA-256 of the user id>}, where {@code <tag>} is the routing tag
 * the token carries, so that a user's keys share one Cluster slot. Neither holds a token: the
 * session id is the token's SHA-256. Each session key expires by itself when its idle or absolute
 * timeout passes, and the index with its newest session. Lifetimes are set relative to the
 * application's clock ({@code PEXPIRE}), so a skew between it and the server's clock only shifts
 * when Redis frees the memory; the timeouts themselves are decided on the recorded times. The hash holds the user id, the times
 * (milliseconds since the epoch), the factors, and the client's IP address and user agent.
 *
 * <p>Times come from the {@link io.hiroi.auth.SessionManager}'s clock, not the server's: session
 * times are the application's, shown to users on their devices page.
 *
 * <p>Give the connection's client fail-fast options ({@code
 * io.hiroi.ratelimit.redis.RedisRateLimitBackend.recommendedClientOptions()}): commands rejected at
 * once while disconnected, a 1-second timeout. Every failure throws {@link
 * io.hiroi.auth.AuthStoreException}, which makes validations fail closed.
 *
 * <p>Thread-safe; share one instance (Lettuce connections are thread-safe).
 */
public final class RedisSessionStore implements SessionStore {
  /** The prefix of every key this store writes. */
  public static final String KEY_PREFIX = "hiroi:";

  /** A script's answer when the user's index changed after it was read. */
  private static final long RETRY = -1L;

  /** How often an operation re-reads an index that keeps changing under it before giving up. */
  private static final int MAX_ATTEMPTS = 32;

  private final RedisClusterCommands<String, String> commands;
  private final LuaScript create;
  private final LuaScript touch;
  private final LuaScript replace;
  private final LuaScript remove;
  private final LuaScript removeAll;
  private final LuaScript list;

  private RedisSessionStore(RedisClusterCommands<String, String> commands) {
    this.commands = commands;
    this.create = LuaScript.load("session_create", commands);
    this.touch = LuaScript.load("session_touch", commands);
    this.replace = LuaScript.load("session_replace", commands);
    this.remove = LuaScript.load("session_remove", commands);
    this.removeAll = LuaScript.load("session_remove_all", commands);
    this.list = LuaScript.load("session_list", commands);
  }

  /**
   * Uses a connection to a single Redis server that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisSessionStore using(StatefulRedisConnection<String, String> connection) {
    return new RedisSessionStore(Objects.requireNonNull(connection, "connection").sync());
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection
   * @return the store
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisSessionStore using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisSessionStore(Objects.requireNonNull(connection, "connection").sync());
  }

  static String sessionPrefix(String tag) {
    return KEY_PREFIX + "{u:" + tag + "}:s:";
  }

  static String indexKey(String tag, String userId) {
    return KEY_PREFIX + "{u:" + tag + "}:i:" + Secrets.sha256Hex(userId);
  }

  private static boolean isSessionId(String m) {
    if (m.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = m.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static long millis(Instant t) {
    return t.toEpochMilli();
  }

  /** Milliseconds from the session's last sight until it expires by itself (at least 1). */
  private static long ttl(Session s, Duration idle) {
    long deadline = Math.min(millis(s.lastSeenAt()) + idle.toMillis(), millis(s.expiresAt()));
    return Math.max(1, deadline - millis(s.lastSeenAt()));
  }

  private static String factors(Set<AuthFactor> factors) {
    StringBuilder out = new StringBuilder();
    for (AuthFactor f : factors) {
      out.append(out.length() == 0 ? "" : ",").append(f.name());
    }
    return out.toString();
  }

  @Override
  public void create(String tag, Session s, Duration idleTimeout, int maxPerUser) {
    String prefix = sessionPrefix(tag);
    String index = indexKey(tag, s.userId());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<String> members = members(index, "create");
      String[] keys = new String[members.size() + 2];
      keys[0] = prefix + s.id();
      keys[1] = index;
      for (int i = 0; i < members.size(); i++) {
        keys[i + 2] = prefix + members.get(i);
      }
      Long done =
          create.run(
              commands,
              ScriptOutputType.INTEGER,
              keys,
              s.id(),
              s.userId(),
              Long.toString(millis(s.createdAt())),
              Long.toString(millis(s.lastSeenAt())),
              Long.toString(millis(s.expiresAt())),
              Long.toString(millis(s.authenticatedAt())),
              factors(s.factors()),
              s.client().ipAddress(),
              s.client().userAgent(),
              Long.toString(ttl(s, idleTimeout)),
              Integer.toString(maxPerUser),
              prefix,
              Long.toString(millis(s.lastSeenAt())));
      if (done == null || done != RETRY) {
        return;
      }
    }
    throw Errors.contended("create", MAX_ATTEMPTS);
  }

  @Override
  public Optional<Session> findAndTouch(String tag, String id, Instant now, Duration idleTimeout, Duration touchAfter) {
    List<Object> reply =
        touch.run(
            commands,
            ScriptOutputType.MULTI,
            new String[] {sessionPrefix(tag) + id},
            Long.toString(millis(now)),
            Long.toString(idleTimeout.toMillis()),
            Long.toString(Math.min(touchAfter.toMillis(), Long.MAX_VALUE / 4)));
    if (reply == null || reply.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decode(id, reply, 0, "validate"));
  }

  @Override
  public boolean replace(String tag, String oldId, Session s, Duration idleTimeout) {
    String prefix = sessionPrefix(tag);
    Long done =
        replace.run(
            commands,
            ScriptOutputType.INTEGER,
            new String[] {prefix + oldId, prefix + s.id(), indexKey(tag, s.userId())},
            oldId,
            s.id(),
            s.userId(),
            Long.toString(millis(s.createdAt())),
            Long.toString(millis(s.lastSeenAt())),
            Long.toString(millis(s.expiresAt())),
            Long.toString(millis(s.authenticatedAt())),
            factors(s.factors()),
            s.client().ipAddress(),
            s.client().userAgent(),
            Long.toString(ttl(s, idleTimeout)));
    return done != null && done == 1L;
  }

  @Override
  public boolean remove(String tag, String id, String userId) {
    Long done =
        remove.run(commands, ScriptOutputType.INTEGER, new String[] {sessionPrefix(tag) + id, indexKey(tag, userId)}, id, userId);
    return done != null && done == 1L;
  }

  @Override
  public int removeAll(String tag, String userId) {
    return removeAllBut(tag, userId, "");
  }

  @Override
  public int removeAllExcept(String tag, String userId, String keepId) {
    return removeAllBut(tag, userId, Objects.requireNonNull(keepId, "keepId"));
  }

  private int removeAllBut(String tag, String userId, String keepId) {
    String prefix = sessionPrefix(tag);
    String index = indexKey(tag, userId);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<String> members = members(index, "remove all");
      String[] keys = new String[members.size() + 1];
      keys[0] = index;
      for (int i = 0; i < members.size(); i++) {
        keys[i + 1] = prefix + members.get(i);
      }
      Long n = removeAll.run(commands, ScriptOutputType.INTEGER, keys, prefix, userId, keepId);
      if (n == null) {
        return 0;
      }
      if (n != RETRY) {
        return Math.toIntExact(n);
      }
    }
    throw Errors.contended("remove all", MAX_ATTEMPTS);
  }

  @Override
  public List<Session> list(String tag, String userId) {
    String prefix = sessionPrefix(tag);
    String index = indexKey(tag, userId);
    List<String> members = members(index, "list");
    if (members.isEmpty()) {
      return List.of();
    }
    String[] keys = new String[members.size() + 1];
    keys[0] = index;
    for (int i = 0; i < members.size(); i++) {
      keys[i + 1] = prefix + members.get(i);
    }
    List<Object> reply = list.run(commands, ScriptOutputType.MULTI, keys, members.toArray(new String[0]));
    if (reply == null || reply.size() % 9 != 0) {
      throw Errors.badReply("list");
    }
    List<Session> out = new ArrayList<>(reply.size() / 9);
    for (int i = 0; i < reply.size(); i += 9) {
      Object id = reply.get(i);
      if (!(id instanceof String)) {
        throw Errors.badReply("list");
      }
      out.add(decode((String) id, reply, i + 1, "list"));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Reads a user's index, so that the script that follows can name every session key it touches
   * in {@code KEYS}; the script checks that the index is unchanged and answers {@link #RETRY} if not.
   */
  private List<String> members(String index, String operation) {
    List<String> members;
    try {
      members = commands.zrange(index, 0, -1);
    } catch (RuntimeException e) {
      throw Errors.storeFailed(operation, e);
    }
    if (members == null) {
      throw Errors.badReply(operation);
    }
    for (String m : members) {
      if (m == null || !isSessionId(m)) {
        throw Errors.badReply(operation);
      }
    }
    return members;
  }

  /** Decodes the 8 fields u c l x t f ip ua starting at {@code from}. */
  private static Session decode(String id, List<Object> r, int from, String operation) {
    if (r.size() < from + 8) {
      throw Errors.badReply(operation);
    }
    String[] f = new String[8];
    for (int i = 0; i < 8; i++) {
      Object v = r.get(from + i);
      if (!(v instanceof String)) {
        throw Errors.badReply(operation);
      }
      f[i] = (String) v;
    }
    try {
      Set<AuthFactor> factors = EnumSet.noneOf(AuthFactor.class);
      if (!f[5].isEmpty()) {
        for (String name : f[5].split(",", -1)) {
          factors.add(AuthFactor.valueOf(name));
        }
      }
      return Session.restore(
          id,
          f[0],
          Instant.ofEpochMilli(Long.parseLong(f[1])),
          Instant.ofEpochMilli(Long.parseLong(f[2])),
          Instant.ofEpochMilli(Long.parseLong(f[3])),
          Instant.ofEpochMilli(Long.parseLong(f[4])),
          factors,
          ClientInfo.of(f[6], f[7]));
    } catch (IllegalArgumentException e) {
      throw Errors.badReply(operation);
    }
  }

  @Override
  public String toString() {
    return "RedisSessionStore[prefix=" + KEY_PREFIX + "]";
  }
}
