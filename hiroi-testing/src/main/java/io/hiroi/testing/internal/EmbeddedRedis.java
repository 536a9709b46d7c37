package io.hiroi.testing.internal;

import io.hiroi.testing.RedisClusterEndpoint;
import io.hiroi.testing.RedisEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The Redis servers of this JVM: at most one single node and one three-master cluster, each
 * started on first use and stopped by a JVM shutdown hook, or taken from the environment
 * ({@code HIROI_TEST_REDIS_URI}, {@code HIROI_TEST_REDIS_CLUSTER_URIS}) without starting anything.
 *
 * <p>These are static singletons on purpose: one server per test JVM, shared by every test class.
 */
public final class EmbeddedRedis {
  /** How long a node may take to answer PING after it was launched. */
  static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(15);

  /** How long the three nodes may take to agree on {@code cluster_state:ok}. */
  static final Duration CLUSTER_FORM_TIMEOUT = Duration.ofSeconds(30);

  /** The three masters' slot ranges, as {@code redis-cli --cluster create} splits them. */
  static final int[][] SLOT_RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};

  private static final int LOG_TAIL_LINES = 20;
  private static final List<String> DISPOSABLE_CONFIG = List.of("enable-debug-command local");
  private static final List<RedisNode> STARTED = new CopyOnWriteArrayList<>();
  private static final Lazy<Path> BINARY = new Lazy<>("the redis-server binary", EmbeddedRedis::prepare);
  private static final Lazy<RedisEndpoint> SINGLE =
      new Lazy<>("the embedded Redis server", () -> single(System::getenv));
  private static final Lazy<RedisClusterEndpoint> CLUSTER =
      new Lazy<>("the embedded Redis Cluster", () -> cluster(System::getenv));

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedRedis::stopAll, "hiroi-testing-redis-stop"));
  }

  private EmbeddedRedis() {}

  /**
   * Returns this JVM's single Redis server, starting it on first use.
   *
   * @return its endpoint
   * @throws IllegalStateException when it cannot be started
   */
  public static RedisEndpoint single() {
    return SINGLE.get();
  }

  /**
   * Returns this JVM's Redis Cluster, starting and forming it on first use.
   *
   * @return its endpoint
   * @throws IllegalStateException when it cannot be started or formed
   */
  public static RedisClusterEndpoint cluster() {
    return CLUSTER.get();
  }

  /**
   * Starts a Redis server of its own for a test that stops and restarts it, on a free port;
   * the JVM shutdown hook stops it too.
   *
   * @param name a short name for the node's folder
   * @return the running node
   * @throws IllegalStateException when it cannot be started
   */
  public static RedisNode startDisposable(String name) {
    RedisNode node = RedisNode.start(BINARY.get(), baseDir(), name, false, DISPOSABLE_CONFIG, NODE_START_TIMEOUT);
    STARTED.add(node);
    return node;
  }

  /**
   * Starts a disposable Redis server again on the port of a stopped one.
   *
   * @param name the node's name
   * @param port the stopped node's port
   * @return the running node
   * @throws IllegalStateException when it cannot be started
   */
  public static RedisNode restartDisposable(String name, int port) {
    RedisNode node = RedisNode.startOnPort(BINARY.get(), baseDir(), name, port, DISPOSABLE_CONFIG, NODE_START_TIMEOUT);
    STARTED.add(node);
    return node;
  }

  private static Path baseDir() {
    return WorkDir.resolve().resolve("redis");
  }

  private static Path prepare() {
    Path binary = RedisBinary.extract(WorkDir.resolve().resolve("bin"));
    StaleNodes.reap(baseDir(), binary);
    return binary;
  }

  static RedisEndpoint single(Function<String, String> env) {
    URI override = Overrides.redisUri(env);
    if (override != null) {
      return RedisEndpoint.of(override);
    }
    long start = System.nanoTime();
    RedisNode node = startNode("single", false);
    announce("redis-server " + RedisBinary.VERSION + " on 127.0.0.1:" + node.port(), node.dir(), start);
    return RedisEndpoint.of(URI.create("redis://127.0.0.1:" + node.port()));
  }

  static RedisClusterEndpoint cluster(Function<String, String> env) {
    List<URI> override = Overrides.redisClusterUris(env);
    if (override != null) {
      return RedisClusterEndpoint.of(override);
    }
    long start = System.nanoTime();
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 0; i < SLOT_RANGES.length; i++) {
      nodes.add(startNode("cluster-" + i, true));
    }
    form(nodes);
    List<URI> uris = new ArrayList<>();
    for (RedisNode node : nodes) {
      uris.add(URI.create("redis://127.0.0.1:" + node.port()));
    }
    announce("Redis Cluster of 3 masters on " + uris, baseDir(), start);
    return RedisClusterEndpoint.of(uris);
  }

  private static RedisNode startNode(String name, boolean cluster) {
    RedisNode node = RedisNode.start(BINARY.get(), baseDir(), name, cluster, List.of(), NODE_START_TIMEOUT);
    STARTED.add(node);
    return node;
  }

  /**
   * Forms a cluster of fresh nodes the way {@code redis-cli --cluster create} does: distinct
   * config epochs, one slot range per node, MEET, then waits until every node reports
   * {@code cluster_state:ok} and knows all the others.
   */
  static void form(List<RedisNode> nodes) {
    RedisNode first = nodes.get(0);
    try {
      for (int i = 0; i < nodes.size(); i++) {
        try (Resp resp = Resp.connect(nodes.get(i).port(), Duration.ofSeconds(5))) {
          resp.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
          resp.call(
              "CLUSTER", "ADDSLOTSRANGE", Integer.toString(SLOT_RANGES[i][0]), Integer.toString(SLOT_RANGES[i][1]));
        }
      }
      try (Resp resp = Resp.connect(first.port(), Duration.ofSeconds(5))) {
        for (RedisNode other : nodes.subList(1, nodes.size())) {
          resp.call(
              "CLUSTER",
              "MEET",
              "127.0.0.1",
              Integer.toString(other.port()),
              Integer.toString(other.port() + Ports.CLUSTER_BUS_OFFSET));
        }
      }
    } catch (IOException e) {
      throw Errors.clusterFormFailed("a CLUSTER command failed: " + e.getMessage(), tails(nodes), e);
    }
    long deadline = System.nanoTime() + CLUSTER_FORM_TIMEOUT.toNanos();
    Map<Integer, String> states = Map.of();
    while (System.nanoTime() < deadline) {
      states = clusterStates(nodes);
      if (states.values().stream().allMatch(s -> s.equals("ok, 3 nodes"))) {
        return;
      }
      RedisNode.sleep(50);
    }
    throw Errors.clusterFormFailed(
        "the nodes did not all report cluster_state:ok with 3 known nodes within "
            + CLUSTER_FORM_TIMEOUT.toSeconds()
            + " s; last states by port: "
            + states,
        tails(nodes),
        null);
  }

  private static Map<Integer, String> clusterStates(List<RedisNode> nodes) {
    Map<Integer, String> states = new java.util.TreeMap<>();
    for (RedisNode node : nodes) {
      String state;
      try (Resp resp = Resp.connect(node.port(), Duration.ofSeconds(2))) {
        String info = String.valueOf(resp.call("CLUSTER", "INFO"));
        state = field(info, "cluster_state") + ", " + field(info, "cluster_known_nodes") + " nodes";
      } catch (IOException e) {
        state = "unreachable: " + e.getMessage();
      }
      states.put(node.port(), state);
    }
    return states;
  }

  private static String field(String info, String name) {
    for (String line : info.split("\\R")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "?";
  }

  private static String tails(List<RedisNode> nodes) {
    StringBuilder text = new StringBuilder();
    for (RedisNode node : nodes) {
      text.append("\n--- ").append(node.log()).append(" (last ").append(LOG_TAIL_LINES).append(" lines) ---\n");
      text.append(LogTail.of(node.log(), LOG_TAIL_LINES));
    }
    return text.toString();
  }

  private static void announce(String what, Path dir, long startNanos) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    System.err.println("hiroi-testing: started " + what + " in " + millis + " ms (files in " + dir + ")");
  }

  private static void stopAll() {
    for (RedisNode node : STARTED) {
      node.stop();
    }
  }
}
