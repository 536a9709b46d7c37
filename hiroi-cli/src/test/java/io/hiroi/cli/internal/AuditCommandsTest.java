package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import io.hiroi.audit.FileAuditSink;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandsTest {
  @TempDir Path dir;
  private Path ring;
  private Path trail;

  @BeforeEach
  void writeATrail() throws IOException {
    ring = keygen(dir.resolve("keyring.json"));
    trail = dir.resolve("audit");
    try (AuditLog audit = AuditLog.builder(KeyRing.fromFile(ring), FileAuditSink.builder(trail).build()).build()) {
      for (int i = 0; i < 5; i++) {
        audit.record(audit.event("auth.login.succeeded").outcome(AuditEvent.SUCCESS).actor("user/" + i).build());
      }
    }
  }

  private Path onlyFile() throws IOException {
    try (var files = Files.list(trail)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
  }

  @Test
  void verify_aDirectory_printsTheCount() {
    assertThat(run("audit", "verify", "--keyring", ring.toString(), trail.toString()).assertOk().out())
        .isEqualTo("5 records verified (seq 1 to 5)\n");
  }

  @Test
  void verify_aChangedRecord_isRejected_namingItsSeq() throws IOException {
    Path file = onlyFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(2, lines.get(2).replace("user/2", "user/9"));
    Files.write(file, lines, StandardCharsets.UTF_8);
    run("audit", "verify", "--keyring", ring.toString(), file.toString()).assertRejected("broken at seq 3: CHANGED");
  }

  @Test
  void verify_aDeletedRecord_isRejected() throws IOException {
    Path file = onlyFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(1);
    Files.write(file, lines, StandardCharsets.UTF_8);
    run("audit", "verify", "--keyring", ring.toString(), file.toString()).assertRejected("broken at seq ");
  }

  @Test
  void verify_withAnotherKeyRing_isRejected() throws IOException {
    Path other = keygen(dir.resolve("other.json"), "--kid", "7");
    run("audit", "verify", "--keyring", other.toString(), trail.toString()).assertRejected("UNKNOWN_KEY");
  }

  @Test
  void aCheckpoint_catchesRecordsCutOffTheEnd() throws IOException {
    Path checkpoint = dir.resolve("head.txt");
    run("audit", "verify", "--keyring", ring.toString(), "--write-checkpoint", checkpoint.toString(), trail.toString()).assertOk();
    run("audit", "verify", "--keyring", ring.toString(), "--checkpoint", checkpoint.toString(), trail.toString()).assertOk();
    Path file = onlyFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    Files.write(file, lines.subList(0, 3), StandardCharsets.UTF_8);
    run("audit", "verify", "--keyring", ring.toString(), file.toString()).assertOk(); // a shorter chain is a chain
    run("audit", "verify", "--keyring", ring.toString(), "--checkpoint", checkpoint.toString(), file.toString())
        .assertRejected("TRUNCATED");
  }

  @Test
  void usageErrors() throws IOException {
    run("audit", "verify", "--keyring", ring.toString()).assertUsageError("give either one or more PATHs or --jdbc");
    run("audit", "verify", "--keyring", ring.toString(), "--jdbc", "jdbc:postgresql://127.0.0.1:1/x", trail.toString())
        .assertUsageError("not both");
    run("audit", "verify", "--keyring", ring.toString(), "--table", "audit_log").assertUsageError("--jdbc with --table");
    Path garbage = Files.writeString(dir.resolve("cp.txt"), "not a checkpoint");
    run("audit", "verify", "--keyring", ring.toString(), "--checkpoint", garbage.toString(), trail.toString())
        .assertUsageError("does not hold a head checkpoint");
    pipe("pw", "audit", "verify", "--keyring", ring.toString(), "--jdbc", "jdbc:postgresql://127.0.0.1:1/x", "--table", "bad name!", "--password-stdin")
        .assertUsageError("")
        .assertStderrOmits("pw");
  }
}
