package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helpers that need no server: binary names, work folder, log tails, ports, Lazy. */
class SmallPartsTest {
  @TempDir Path dir;

  @Test
  void redisBinary_namesTheShippedResources() {
    assertThat(RedisBinary.resourceName("Linux", "amd64")).isEqualTo("redis-server-7.0.15-linux-amd64");
    assertThat(RedisBinary.resourceName("Linux", "aarch64")).isEqualTo("redis-server-7.0.15-linux-arm64");
    assertThat(RedisBinary.resourceName("Linux", "i386")).isEqualTo("redis-server-7.0.15-linux-386");
    assertThat(RedisBinary.resourceName("Mac OS X", "x86_64")).isEqualTo("redis-server-7.0.15-darwin-amd64");
    assertThat(RedisBinary.resourceName("Mac OS X", "aarch64")).isEqualTo("redis-server-7.0.15-darwin-arm64");
    assertThat(RedisBinary.resourceName("Windows 11", "amd64")).isNull();
    assertThat(RedisBinary.resourceName("Linux", "ppc64le")).isNull();
    for (String name : new String[] {"linux-amd64", "linux-arm64", "linux-386", "darwin-amd64", "darwin-arm64"}) {
      assertThat(String.valueOf(RedisBinary.class.getClassLoader().getResource("redis-server-7.0.15-" + name)))
          .as("the %s binary inside the embedded-redis jar", name)
          .endsWith("!/redis-server-7.0.15-" + name);
    }
  }

  @Test
  void workDir_defaultsToTargetHiroiTesting() {
    assertThat(WorkDir.resolve((String) null)).isEqualTo(Paths.get("target/hiroi-testing").toAbsolutePath());
    assertThat(WorkDir.resolve(" ")).isEqualTo(Paths.get("target/hiroi-testing").toAbsolutePath());
    assertThat(WorkDir.resolve(dir + "/x/../y")).isEqualTo(dir.resolve("y"));
  }

  @Test
  void logTail_keepsTheLastLines() throws IOException {
    Path log = dir.resolve("a.log");
    Files.writeString(
        log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
    assertThat(LogTail.of(log, 3)).isEqualTo("line 98\nline 99\nline 100");
    assertThat(LogTail.of(dir.resolve("none.log"), 3)).startsWith("(no log file at ");
    Files.writeString(log, "");
    assertThat(LogTail.of(log, 3)).startsWith("(log file ").endsWith(" is empty)");
  }

  @Test
  void logTail_readsOnlyTheEndOfABigFile_andSurvivesBadUtf8() throws IOException {
    Path log = dir.resolve("big.log");
    byte[] junk = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    Files.write(log, junk);
    Files.write(log, new byte[] {'\n', (byte) 0xff, 'o', 'k', '\n'}, java.nio.file.StandardOpenOption.APPEND);
    assertThat(LogTail.of(log, 1)).isEqualTo("\ufffdok");
  }

  @Test
  void ports_areFreeAndInRange() {
    int port = Ports.freeWithClusterBus();
    assertThat(port).isBetween(Ports.LOW, Ports.HIGH);
    assertThat(Ports.isFree(port)).isTrue();
    assertThat(Ports.isFree(port + Ports.CLUSTER_BUS_OFFSET)).isTrue();
  }

  @Test
  void lazy_computesOnce_andRemembersAFailure() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> ok = new Lazy<>("value", () -> "v" + calls.incrementAndGet());
    assertThat(ok.get()).isEqualTo("v1");
    assertThat(ok.get()).isEqualTo("v1");

    AtomicInteger failures = new AtomicInteger();
    Lazy<String> broken =
        new Lazy<>(
            "the broken server",
            () -> {
              failures.incrementAndGet();
              throw new IllegalStateException("boom");
            });
    assertThatThrownBy(broken::get).hasMessage("boom");
    assertThatThrownBy(broken::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("hiroi-testing: the broken server failed to start earlier in this JVM: boom");
    assertThat(failures).hasValue(1);
  }
}
