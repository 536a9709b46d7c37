package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, failing and reaping single redis-server processes. */
class RedisNodeIT {
  private static final Path BIN = WorkDir.resolve().resolve("bin");

  @Test
  void badConfig_failsAtOnce_withTheServersOwnWordsInTheMessage() {
    Path base = WorkDir.resolve().resolve("redis-node-it");
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                RedisNode.start(
                    RedisBinary.extract(BIN), base, "broken", false, List.of("no-such-directive yes"), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("hiroi-testing: redis-server 'broken' on 127.0.0.1:")
        .hasMessageContaining("exited with status 1 before answering PING")
        .hasMessageContaining("redis.log (last lines) ---")
        .hasMessageContaining("Bad directive or wrong number of arguments");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void staleNode_ofADeadJvm_isStoppedAndDeleted() throws Exception {
    Path base = WorkDir.resolve().resolve("redis-stale-it");
    Path binary = RedisBinary.extract(BIN);
    RedisNode node = RedisNode.start(binary, base, "orphan", false, List.of(), Duration.ofSeconds(10));
    long serverPid = Long.parseLong(Files.readString(node.dir().resolve(RedisNode.SERVER_PID_FILE)));
    ProcessHandle server = ProcessHandle.of(serverPid).orElseThrow();

    // Pretend the JVM that started it died: point owner.pid at a process that has exited.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(node.dir().resolve(RedisNode.OWNER_PID_FILE), Long.toString(gone.pid()));
    // A live JVM's node is left alone.
    RedisNode alive = RedisNode.start(binary, base, "alive", false, List.of(), Duration.ofSeconds(10));
    try {
      StaleNodes.reap(base, binary);

      // The server is this JVM's child here, so it is gone once the JVM has reaped it.
      assertThat(server.onExit()).succeedsWithin(Duration.ofSeconds(5));
      assertThat(node.dir()).doesNotExist();
      assertThat(alive.dir()).exists();
      try (Resp resp = Resp.connect(alive.port(), Duration.ofSeconds(2))) {
        assertThat(resp.call("PING")).isEqualTo("PONG");
      }
    } finally {
      node.stop();
      alive.stop();
    }
  }

  @Test
  void resp_readsEveryReplyType() throws Exception {
    RedisNode node =
        RedisNode.start(RedisBinary.extract(BIN), WorkDir.resolve().resolve("redis-resp-it"), "resp", false, List.of(), Duration.ofSeconds(10));
    try (Resp resp = Resp.connect(node.port(), Duration.ofSeconds(2))) {
      assertThat(resp.call("SET", "k", "välue")).isEqualTo("OK");
      assertThat(resp.call("GET", "k")).isEqualTo("välue");
      assertThat(resp.call("GET", "missing")).isNull();
      assertThat(resp.call("INCR", "n")).isEqualTo(1L);
      assertThat(resp.call("MGET", "k", "missing")).isEqualTo(java.util.Arrays.asList("välue", null));
      assertThatThrownBy(() -> resp.call("NOSUCHCOMMAND"))
          .isInstanceOf(Resp.RespError.class)
          .hasMessageStartingWith("ERR unknown command");
    } finally {
      node.stop();
    }
  }
}
