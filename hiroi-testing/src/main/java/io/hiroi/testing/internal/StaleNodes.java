package io.hiroi.testing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Cleans up after test JVMs that died without running their shutdown hooks (killed with SIGKILL,
 * a crashed fork): a node folder whose owning JVM is gone has its {@code redis-server} stopped
 * and is deleted. Folders of JVMs that are still alive (a parallel fork) are left alone.
 */
final class StaleNodes {
  private StaleNodes() {}

  static void reap(Path baseDir, Path binary) {
    if (!Files.isDirectory(baseDir)) {
      return;
    }
    String command = realPath(binary);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(baseDir)) {
      for (Path dir : dirs) {
        Optional<Long> owner = readPid(dir.resolve(RedisNode.OWNER_PID_FILE));
        if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        readPid(dir.resolve(RedisNode.SERVER_PID_FILE))
            .flatMap(ProcessHandle::of)
            .filter(p -> p.info().command().map(c -> c.equals(command)).orElse(false))
            .ifPresent(StaleNodes::kill);
        deleteTree(dir);
      }
    } catch (IOException e) {
      // Best effort: a leftover folder costs disk space only, never a test.
    }
  }

  private static void kill(ProcessHandle process) {
    process.destroyForcibly();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // best effort, see reap
    }
  }

  private static String realPath(Path file) {
    try {
      return file.toRealPath().toString();
    } catch (IOException e) {
      return file.toString();
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(StaleNodes::deleteQuietly);
    } catch (IOException e) {
      // best effort, see reap
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort, see reap
    }
  }
}
