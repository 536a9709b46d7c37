package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's hiroi-audit examples, compiled and run here; {@link #readmeShowsTheseExamples()}
 * fails when the README copy drifts from this file.
 */
class ReadmeExamplesTest {
  @TempDir Path dir;
  private final List<String> alerts = new ArrayList<>();

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/audit/ReadmeExamplesTest.java"));
  }

  @Test
  void recordAndVerify() throws Exception {
    Path keyRingFile = dir.resolve("keyring.json");
    Files.write(keyRingFile, KeyRing.builder().addGeneratedKey(1).primary(1).build().exportJson());
    Path auditDir = dir.resolve("audit");

    // region readme:audit-record
    KeyRing keyRing = KeyRing.fromFile(keyRingFile);
    AuditSink sink = FileAuditSink.builder(auditDir).build(); // or JdbcAuditSink.create(dataSource, "audit_log", clock)
    try (AuditLog audit = AuditLog.builder(keyRing, sink).build()) {
      audit.record(audit.event("auth.login.succeeded")
          .outcome(AuditEvent.SUCCESS)
          .actor("user/42")
          .tenant("acme")
          .ip("203.0.113.7")
          .requestId("req-7f3a")
          .attribute("method", "password")
          .attribute("password", "hunter2") // deny-listed name: stored as "[redacted]"
          .build()); // returns once the event is fsynced (one fsync serves many concurrent events)
    }
    // endregion

    // region readme:audit-verify
    AuditVerifier verifier = AuditVerifier.create(keyRing);
    Verification result = verifier.verifyDirectory(auditDir, null);
    if (!result.isValid()) {
      alert("audit trail broken: " + result.describe()); // e.g. "broken at seq 17: DELETED (seq 17 is missing)"
    }
    // Keep a signed head apart from the log (a ticket, another system) to catch a cut-off end later:
    String kept = verifier.checkpoint(result).export();
    Verification later = verifier.verifyDirectory(auditDir, HeadCheckpoint.parse(kept).orElseThrow());
    // endregion
    assertThat(result.isValid()).isTrue();
    assertThat(result.count()).isEqualTo(1);
    assertThat(later.isValid()).isTrue();
    assertThat(alerts).isEmpty();
    assertThat(Files.readString(FileAuditSink.files(auditDir).get(0))).contains("\"password\":\"[redacted]\"").doesNotContain("hunter2");
  }

  @Test
  void cryptoShredding() {
    KeyRing keyRing = Trails.ring();
    FakeClock clock = FakeClock.atRecentTime();
    try (AuditLog audit = AuditLog.builder(keyRing, FileAuditSink.builder(dir).clock(clock).build()).clock(clock).build()) {
      // region readme:audit-pii
      PiiProtector pii = PiiProtector.create(keyRing, SubjectKeyStore.inMemory()); // use a shared store across replicas
      String email = pii.protect("user-42", "email", "alice@example.com"); // pii:v1:<ref>:<AES-GCM envelope>
      audit.record(audit.event("auth.password_reset.requested").actor("user/42").attribute("email", email).build());

      // Account deletion: records "audit.subject.erased", then destroys the subject's key.
      pii.erase(audit, "user-42", "system/account-deletion");
      boolean readable = pii.reveal(email, "email").isPresent(); // false, forever; the trail still verifies
      // endregion
      assertThat(readable).isFalse();
    }
    assertThat(AuditVerifier.create(keyRing).verifyDirectory(dir, null).count()).isEqualTo(2);
  }

  private void alert(String message) {
    alerts.add(message);
  }
}
