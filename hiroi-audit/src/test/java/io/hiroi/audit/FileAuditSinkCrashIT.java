package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process (a separate JVM, {@link CrashWriterMain}) mid-stream with {@code
 * destroyForcibly} (SIGKILL), three times on one directory: every event the writer acknowledged is
 * in the files, a restarted sink cuts off at most one torn line, and the whole trail verifies.
 */
class FileAuditSinkCrashIT {
  @TempDir Path dir;

  @Test
  void killedWriter_losesNoAcknowledgedEvent_andTheTrailVerifies() throws Exception {
    Set<String> acknowledged = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
      Process p =
          new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(), dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int target = 3000 + round * 1000;
      Set<String> acks = java.util.concurrent.ConcurrentHashMap.newKeySet();
      CountDownLatch enough = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("ack ")) {
              acks.add(line.substring(4));
              if (acks.size() >= target) {
                enough.countDown();
              }
            }
          }
        } catch (java.io.IOException e) {
          // destroyForcibly closes the stream; every line read before counts
        }
      });
      reader.start();
      boolean reached = enough.await(120, TimeUnit.SECONDS);
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(30_000);
      acknowledged.addAll(acks);
      int seen = acks.size();
      assertThat(reached).as("the writer acknowledged %d events before the deadline", seen).isTrue();
      assertThat(seen).isGreaterThanOrEqualTo(target);
      assertReopeningCutsAtMostOneTornLine();
    }
    Set<String> stored = new HashSet<>();
    for (Path f : FileAuditSink.files(dir)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        AuditRecord r = AuditRecord.parse(line).orElseThrow();
        r.event().actor().ifPresent(stored::add);
      }
    }
    assertThat(stored).containsAll(acknowledged);
    Verification v = AuditVerifier.create(Trails.ring()).verifyDirectory(dir, null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isGreaterThanOrEqualTo(acknowledged.size());
  }

  /**
   * After a kill: reopening cuts off exactly the bytes after the newest file's last line end (the
   * one line the kill tore, shorter than a whole record line) and nothing else, and leaves the
   * file ending with a complete line.
   */
  private void assertReopeningCutsAtMostOneTornLine() throws java.io.IOException {
    List<Path> files = FileAuditSink.files(dir);
    assertThat(files).isNotEmpty();
    int longestLine = 0;
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        longestLine = Math.max(longestLine, line.getBytes(StandardCharsets.UTF_8).length + 1);
      }
    }
    Path newest = files.get(files.size() - 1);
    byte[] bytes = Files.readAllBytes(newest);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    try (FileAuditSink reopened = FileAuditSink.builder(dir).build()) {
      // A torn line is a prefix of one record's line: shorter than the longest whole line, give or
      // take the few bytes a larger seq or actor number adds.
      assertThat(reopened.recovery().tornBytes()).isEqualTo(bytes.length - end).isLessThan(longestLine + 16L);
    }
    assertThat(Files.size(newest)).isEqualTo(end);
    try (FileAuditSink again = FileAuditSink.builder(dir).build()) {
      assertThat(again.recovery().tornBytes()).isZero();
    }
  }
}
