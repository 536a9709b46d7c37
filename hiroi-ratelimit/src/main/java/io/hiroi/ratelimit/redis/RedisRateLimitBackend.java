package io.hiroi.ratelimit.redis;

import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Micros;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Redis backend: rate-limit state shared by every replica that uses the same Redis (a single
 * server, or Redis Cluster), through Lettuce.
 *
 * <p>Each operation is one Lua script, loaded once ({@code SCRIPT LOAD} at start, then
 * {@code EVALSHA}; a server that lost its script cache gets it again through one {@code EVAL}),
 * so each decision is at most one round trip and atomic on the server. Decisions of one key that
 * arrive while one of that key is on its way are sent together, when it comes back, as one call
 * that decides them in their order, exactly as if they had been sent one by one: a hot key costs
 * one round trip per batch (at most 64 decisions) instead of one per decision. The scripts take
 * the time from the server's {@code TIME}, so the replicas' clocks do not matter. Every key expires by
 * itself when its state runs out. Keys look like {@code hiroi:{ip4:192.0.2.1}:rl:login:minute}:
 * the {@link io.hiroi.ratelimit.RateLimitKey} is the hash tag, so the several limits of one
 * decision live in one Cluster slot.
 *
 * <p>Connections: {@link #connect(RedisURI)} and {@link #connectCluster(Iterable)} open a client
 * of the backend's own with fail-fast settings ({@link #recommendedClientOptions()}: commands
 * are rejected at once while disconnected instead of queued, reconnection is retried at least
 * every second); {@link #close()} shuts it down. {@link #using(StatefulRedisConnection)} and
 * {@link #using(StatefulRedisClusterConnection)} share a connection the host owns: give its client
 * the recommended options, or commands sent during an outage wait in Lettuce's queue and spend
 * permits late when Redis comes back.
 *
 * <p>Thread-safe; share one instance between every limiter of the process.
 */
public final class RedisRateLimitBackend implements RateLimitBackend, AutoCloseable {
  /** The prefix of every key this backend writes, by default. */
  public static final String DEFAULT_KEY_PREFIX = "hiroi:";

  private final RedisScriptingAsyncCommands<String, String> commands;
  private final BaseRedisAsyncCommands<String, String> dispatcher;
  private final AutoCloseable owned;
  private final String prefix;
  private final Clock clock;
  private final Map<String, LuaScript> scripts;
  private final LuaScript spendScript;
  private final LuaScript spendOneScript;
  private final EncodedNumbers encodedNumbers = new EncodedNumbers();
  private final SpendLanes lanes = new SpendLanes(this::sendSpends);

  private <C extends RedisScriptingAsyncCommands<String, String> & BaseRedisAsyncCommands<String, String>> RedisRateLimitBackend(
      C commands, AutoCloseable owned, String prefix, Clock clock) {
    this(commands, commands, owned, prefix, clock);
  }

  private RedisRateLimitBackend(
      RedisScriptingAsyncCommands<String, String> commands, BaseRedisAsyncCommands<String, String> dispatcher,
      AutoCloseable owned, String prefix, Clock clock) {
    this.commands = commands;
    this.dispatcher = dispatcher;
    this.owned = owned;
    this.prefix = prefix;
    this.clock = clock;
    this.scripts =
        LuaScript.names().stream().collect(Collectors.toUnmodifiableMap(Function.identity(), n -> LuaScript.load(n, commands)));
    this.spendScript = scripts.get("spend");
    this.spendOneScript = scripts.get("spend_one");
    for (LuaScript script : scripts.values()) {
      commands.scriptLoad(script.text()).exceptionally(e -> null);
    }
  }

  /**
   * Uses a connection to a single Redis server (or a primary) that the host owns and closes.
   *
   * @param connection the connection, with {@link #recommendedClientOptions()} on its client
   * @return the backend; {@link #close()} leaves the connection open
   * @throws NullPointerException when {@code connection} is {@code null}
   */
  public static RedisRateLimitBackend using(StatefulRedisConnection<String, String> connection) {
    return new RedisRateLimitBackend(Objects.requireNonNull(connection, "connection").async(), null, DEFAULT_KEY_PREFIX, null);
  }

  /**
   * Uses a Redis Cluster connection that the host owns and closes.
   *
   * @param connection the connection, with {@link #recommendedClusterClientOptions()} on its client
   * @return the backend; {@link #close()} leaves the connection open
   * @throws NullPointerException when {@code connection} is {@code null}
   */
  public static RedisRateLimitBackend using(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisRateLimitBackend(Objects.requireNonNull(connection, "connection").async(), null, DEFAULT_KEY_PREFIX, null);
  }

  /**
   * Connects to a single Redis server with a client of the backend's own. Once connected, the
   * client reconnects by itself after an outage; decisions are unavailable meanwhile.
   *
   * @param uri the server, for example {@code RedisURI.create("redis://redis:6379")}
   * @return the backend; {@link #close()} shuts its client down
   * @throws NullPointerException when {@code uri} is {@code null}
   * @throws io.hiroi.ratelimit.RateLimitBackendException when the server does not answer now
   */
  public static RedisRateLimitBackend connect(RedisURI uri) {
    Objects.requireNonNull(uri, "uri");
    ClientResources resources = resources();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(recommendedClientOptions());
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw Errors.failed("connect to Redis", e);
    }
    StatefulRedisConnection<String, String> c = connection;
    return new RedisRateLimitBackend(
        c.async(),
        () -> {
          c.close();
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown(0, 2, TimeUnit.SECONDS);
        },
        DEFAULT_KEY_PREFIX,
        null);
  }

  /**
   * Connects to a Redis Cluster with a client of the backend's own.
   *
   * @param seeds one or more of the cluster's nodes
   * @return the backend; {@link #close()} shuts its client down
   * @throws NullPointerException when {@code seeds} is {@code null}
   * @throws io.hiroi.ratelimit.RateLimitBackendException when no seed answers
   */
  public static RedisRateLimitBackend connectCluster(Iterable<RedisURI> seeds) {
    List<RedisURI> list = new ArrayList<>();
    Objects.requireNonNull(seeds, "seeds").forEach(list::add);
    ClientResources resources = resources();
    RedisClusterClient client = RedisClusterClient.create(resources, list);
    client.setOptions(recommendedClusterClientOptions());
    StatefulRedisClusterConnection<String, String> connection;
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw Errors.failed("connect to Redis Cluster", e);
    }
    StatefulRedisClusterConnection<String, String> c = connection;
    return new RedisRateLimitBackend(
        c.async(),
        () -> {
          c.close();
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown(0, 2, TimeUnit.SECONDS);
        },
        DEFAULT_KEY_PREFIX,
        null);
  }

  private static ClientResources resources() {
    return ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
  }

  /**
   * Returns the client options this backend's own clients use, for a host that shares its client:
   * reject commands while disconnected (a rate-limit check must fail now, not run late), reconnect
   * automatically, time commands out after 1 s and connections after 1 s.
   *
   * @return the options
   */
  public static ClientOptions recommendedClientOptions() {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build())
        .build();
  }

  /**
   * Returns the Redis Cluster client options this backend's own clients use: those of
   * {@link #recommendedClientOptions()}, plus adaptive topology refresh.
   *
   * @return the options
   */
  public static ClusterClientOptions recommendedClusterClientOptions() {
    return ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build())
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
        .build();
  }

  /**
   * Returns a backend that writes its keys under another prefix (several applications sharing
   * one Redis).
   *
   * @param keyPrefix 1 to 32 of {@code a-z A-Z 0-9 : _ - .}
   * @return a backend sharing this one's connection; closing it does nothing (close this one)
   * @throws NullPointerException when {@code keyPrefix} is {@code null}
   * @throws IllegalArgumentException when {@code keyPrefix} is not valid
   */
  public RedisRateLimitBackend withKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (!keyPrefix.matches("[a-zA-Z0-9:_.-]{1,32}")) {
      throw Errors.badName("keyPrefix", 32);
    }
    return new RedisRateLimitBackend(commands, dispatcher, null, keyPrefix, clock);
  }

  /**
   * Returns a backend whose scripts take the time from {@code clock} instead of the server's
   * {@code TIME}: for the contract tests, which move a fake clock. Never for production.
   */
  RedisRateLimitBackend withClockForTests(Clock clock) {
    return new RedisRateLimitBackend(commands, dispatcher, null, prefix, clock);
  }

  String key(String tag, String name) {
    return prefix + "{" + tag + "}:" + name;
  }

  private String now() {
    return clock == null ? "" : Long.toString(Micros.now(clock));
  }

  /**
   * One decision: sent at once as one {@code EVALSHA} of {@code spend.lua} (of {@code
   * spend_one.lua} on a single limit) when no decision of the same key is in flight from this
   * backend, else queued behind it and sent with the others that arrive meanwhile as one call that
   * decides them in order ({@link SpendLanes}).
   */
  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    String[] keys = new String[names.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(tag, names.get(i));
    }
    return lanes.spend(new SpendLanes.Spend(keys, intervals, tolerances, permits));
  }

  /**
   * One {@code EVALSHA} of {@code spend.lua} for decisions of one key and the same limits, or of
   * {@code spend_one.lua} for one decision on one limit (the same arguments and the same decision,
   * less server time; its one-integer reply is read back into {@code spend.lua}'s form by {@link
   * LongsOutput#ofOneDecision()}); the numbers' text comes from a small memo of the limiters' numbers ({@link
   * EncodedNumbers}, no {@code String} per argument) and the reply is read into the {@code long[]}
   * directly.
   */
  private CompletionStage<long[]> sendSpends(List<SpendLanes.Spend> batch) {
    SpendLanes.Spend head = batch.get(0);
    String now = now();
    byte[][] numbers = encodedNumbers.of(head.intervals, head.tolerances);
    Consumer<CommandArgs<String, String>> argv =
        args -> {
          args.add(now);
          for (byte[] number : numbers) {
            args.add(number);
          }
          for (SpendLanes.Spend s : batch) {
            args.add(EncodedNumbers.permits(s.permits));
          }
        };
    if (batch.size() == 1 && head.keys.length == 1) {
      return spendOneScript.longs(dispatcher, head.keys, argv, LongsOutput::ofOneDecision);
    }
    return spendScript.longs(dispatcher, head.keys, argv);
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    String now = now();
    return scripts.get("lease_acquire").longs(dispatcher, new String[] {key(tag, name)}, args -> args.add(now).add(leaseId).add(maxLeases).add(ttlMicros));
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    return scripts
        .get("lease_renew")
        .<Long>run(commands, ScriptOutputType.INTEGER, new String[] {key(tag, name)}, now(), leaseId, Long.toString(ttlMicros))
        .thenApply(renewed -> renewed != null && renewed == 1L);
  }

  @Override
  public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
    return scripts
        .get("lease_release")
        .<Long>run(commands, ScriptOutputType.INTEGER, new String[] {key(tag, name)}, leaseId)
        .thenApply(removed -> null);
  }

  @Override
  public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
    String now = now();
    return scripts.get("failure_record").longs(dispatcher, new String[] {key(tag, name)}, args -> args.add(now).add(forgetMicros));
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    String now = now();
    return scripts.get("failure_read").longs(dispatcher, new String[] {key(tag, name)}, args -> args.add(now));
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    return scripts
        .get("failure_reset")
        .<Long>run(commands, ScriptOutputType.INTEGER, new String[] {key(tag, name)})
        .thenApply(removed -> null);
  }

  /** Shuts down the client this backend opened itself; leaves a host's connection open. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw Errors.failed("close the Redis client", e);
      }
    }
  }

  @Override
  public String toString() {
    return "RedisRateLimitBackend{prefix=" + prefix + (owned == null ? ", shared connection" : ", own client") + "}";
  }
}
