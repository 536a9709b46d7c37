package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
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
    }

    try (FileAuditSink reopened = FileAuditSink.builder(dir).build()) {
      assertThat(reopened.recovery().tornBytes()).isGreaterThanOrEqualTo(0);
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
}
