package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterExtensionIT {
  private static final boolean EMBEDDED = System.getenv("HIROI_TEST_REDIS_CLUSTER_URIS") == null;
  private static RedisClusterClient client;
  private static StatefulRedisClusterConnection<String, String> connection;
  private static RedisAdvancedClusterCommands<String, String> cluster;

  private final String prefix = "RedisClusterExtensionIT:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void connect(RedisClusterEndpoint endpoint) {
    client = RedisClusterClient.create(endpoint.redisUris());
    connection = client.connect();
    cluster = connection.sync();
  }

  @AfterAll
  static void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Test
  void everySeedNode_reportsClusterStateOk(RedisClusterEndpoint endpoint) {
    for (URI uri : endpoint.uris()) {
      String info = RedisClusterExtensionIT.<String>onNode(RedisURI.create(uri), c -> c.sync().clusterInfo());
      assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384");
    }
  }

  @Test
  void embeddedCluster_isThreeMastersSplittingTheSlots(RedisClusterEndpoint endpoint) {
    assumeTrue(EMBEDDED, "HIROI_TEST_REDIS_CLUSTER_URIS is set");
    assertThat(endpoint.uris()).hasSize(3).allSatisfy(uri -> assertThat(uri.getHost()).isEqualTo("127.0.0.1"));
    Partitions partitions = connection.getPartitions();
    assertThat(partitions.size()).isEqualTo(3);
    List<String> ranges =
        partitions.stream()
            .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
            .map(node -> node.getSlots().get(0) + "-" + node.getSlots().get(node.getSlots().size() - 1))
            .sorted((a, b) -> Integer.compare(Integer.parseInt(a.split("-")[0]), Integer.parseInt(b.split("-")[0])))
            .collect(Collectors.toList());
    assertThat(ranges).containsExactly("0-5460", "5461-10922", "10923-16383");
  }

  @Test
  void keysWithDifferentHashTags_landOnDifferentNodes() {
    Partitions partitions = connection.getPartitions();
    String keyA = prefix + "{a}";
    String keyB = null;
    RedisClusterNode nodeA = partitions.getPartitionBySlot(SlotHash.getSlot(keyA));
    RedisClusterNode nodeB = null;
    for (int i = 0; i < 100 && keyB == null; i++) {
      String candidate = prefix + "{b" + i + "}";
      RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(candidate));
      if (!node.getNodeId().equals(nodeA.getNodeId())) {
        keyB = candidate;
        nodeB = node;
      }
    }
    assertThat(keyB).as("a hash tag owned by another node").isNotNull();

    cluster.set(keyA, "va");
    cluster.set(keyB, "vb");

    String finalKeyB = keyB;
    String onA = onNode(nodeA.getUri(), c -> c.sync().get(keyA));
    String onB = onNode(nodeB.getUri(), c -> c.sync().get(finalKeyB));
    assertThat(onA).isEqualTo("va");
    assertThat(onB).isEqualTo("vb");
    // Each node refuses the other's key: they really are different shards.
    assertThatThrownBy(() -> onNode(nodeA.getUri(), c -> c.sync().get(finalKeyB)))
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageStartingWith("MOVED");
  }

  @Test
  void luaScript_touchingSeveralKeysOfOneHashTag_works() {
    String tag = "{" + prefix + "user42}";
    String script =
        "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[2]);"
            + " return redis.call('GETDEL', KEYS[1]) .. '/' .. redis.call('GET', KEYS[2])";
    String result = cluster.eval(script, ScriptOutputType.VALUE, new String[] {tag + ":a", tag + ":b"}, "1", "2");
    assertThat(result).isEqualTo("1/2");
    assertThat(cluster.exists(tag + ":a")).isZero();
  }

  @Test
  void luaScript_acrossHashSlots_isRefused() {
    String keyA = prefix + "{x}";
    String keyB = prefix + "{y}";
    assertThat(SlotHash.getSlot(keyA)).isNotEqualTo(SlotHash.getSlot(keyB));
    assertThatThrownBy(
            () ->
                cluster.eval(
                    "return redis.call('MSET', KEYS[1], 1, KEYS[2], 2)",
                    ScriptOutputType.STATUS,
                    new String[] {keyA, keyB}))
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("CROSSSLOT");
  }

  @Test
  void flushAll_emptiesEveryMaster(RedisClusterEndpoint endpoint) {
    for (int i = 0; i < 20; i++) {
      cluster.set(prefix + "{f" + i + "}", "v");
    }
    endpoint.flushAll();
    assertThat(cluster.dbsize()).isZero();
  }

  private static <T> T onNode(RedisURI uri, java.util.function.Function<StatefulRedisConnection<String, String>, T> action) {
    RedisClient single = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = single.connect()) {
      return action.apply(c);
    } finally {
      single.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
