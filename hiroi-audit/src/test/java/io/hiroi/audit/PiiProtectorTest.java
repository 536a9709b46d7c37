package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.KeyRing;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiiProtectorTest {
  @TempDir Path dir;
  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = Trails.ring();
  private final SubjectKeyStore store = SubjectKeyStore.inMemory();
  private final PiiProtector pii = PiiProtector.create(ring, store);

  @Test
  void protect_thenReveal_roundTrips_andBindsTheField() {
    String email = pii.protect("user-42", "email", "alice@example.com");
    assertThat(email).startsWith("pii:v1:").doesNotContain("alice");
    assertThat(PiiProtector.isProtected(email)).isTrue();
    assertThat(pii.reveal(email, "email")).contains("alice@example.com");
    assertThat(pii.reveal(email, "ip")).isEmpty(); // moved to another field
    String ip = pii.protect("user-42", "ip", "198.51.100.7");
    assertThat(ip.substring(0, 31)).isEqualTo(email.substring(0, 31)); // one pseudonym per subject
    assertThat(pii.protect("user-43", "email", "bob@example.com").substring(0, 31)).isNotEqualTo(email.substring(0, 31));
    assertThat(pii.reveal("pii:v1:nothex", "email")).isEmpty();
    assertThat(pii.reveal(email.substring(0, email.length() - 2) + "AA", "email")).isEmpty();
    assertThat(Redactor.defaults().mask(email)).isEqualTo(email); // ciphertext is not masked
    assertThat(store.toString()).doesNotContain("user-42");
  }

  @Test
  void erase_recordsTheErasure_keepsTheChainVerifying_andThePiiIsUnreadable() {
    String email;
    try (AuditLog log = AuditLog.builder(ring, FileAuditSink.builder(dir).clock(clock).build()).clock(clock).build()) {
      email = pii.protect("user-42", "email", "alice@example.com");
      log.record(log.event("auth.login.succeeded").actor(pii.protect("user-42", "actor", "user-42")).attribute("email", email).build());
      log.record(log.event("account.deleted").actor("system/account-deletion").target("user/42").build());
      assertThat(pii.erase(log, "user-42", "system/account-deletion")).isTrue();
      assertThat(pii.erase(log, "user-42", "system/account-deletion")).isFalse(); // nothing left to erase
    }
    Verification v = AuditVerifier.create(ring).verifyDirectory(dir, null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isEqualTo(3);
    List<String> lines = FileAuditSink.files(dir).stream().flatMap(PiiProtectorTest::lines).toList();
    AuditRecord first = AuditRecord.parse(lines.get(0)).orElseThrow();
    assertThat(first.event().attributes().get("email")).isEqualTo(email);
    assertThat(pii.reveal(email, "email")).isEmpty();
    assertThat(pii.reveal(first.event().actor().orElseThrow(), "actor")).isEmpty();
    AuditRecord erasure = AuditRecord.parse(lines.get(2)).orElseThrow();
    assertThat(erasure.event().type()).isEqualTo(PiiProtector.ERASED_TYPE);
    assertThat(erasure.event().target().orElseThrow()).isEqualTo("subject/" + email.substring(7, 31));
    assertThat(String.join("\n", lines)).doesNotContain("alice", "user-42");
    // A new protect after erasure makes a new key and a new pseudonym.
    assertThat(pii.protect("user-42", "email", "alice@example.com").substring(0, 31)).isNotEqualTo(email.substring(0, 31));
  }

  @Test
  void erase_underQueuedAcknowledge_keepsTheKey_whenTheErasureRecordIsNotStored() {
    String email = pii.protect("user-42", "email", "alice@example.com");
    AuditLogTest.TestSink sink = new AuditLogTest.TestSink();
    sink.fail.set(true);
    AuditLog log = AuditLog.builder(ring, sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build();
    assertThatThrownBy(() -> pii.erase(log, "user-42", "system/account-deletion")).isInstanceOf(AuditException.class);
    assertThat(sink.records).isEmpty();
    assertThat(pii.reveal(email, "email")).contains("alice@example.com"); // no key gone without its record
    assertThatThrownBy(log::close).isInstanceOf(AuditException.class);
  }

  @Test
  void erase_underQueuedAcknowledge_deletesTheKeyOnceTheRecordIsStored() {
    String email = pii.protect("user-42", "email", "alice@example.com");
    AuditLogTest.TestSink sink = new AuditLogTest.TestSink();
    try (AuditLog log = AuditLog.builder(ring, sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build()) {
      assertThat(pii.erase(log, "user-42", "system/account-deletion")).isTrue();
      assertThat(sink.records).hasSize(1); // stored before erase returned
      assertThat(sink.records.get(0).event().type()).isEqualTo(PiiProtector.ERASED_TYPE);
    }
    assertThat(pii.reveal(email, "email")).isEmpty();
  }

  @Test
  void anotherKeyRing_cannotReveal() {
    String email = pii.protect("user-42", "email", "alice@example.com");
    PiiProtector other = PiiProtector.create(KeyRing.builder().addGeneratedKey(1).primary(1).build(), store);
    assertThat(other.reveal(email, "email")).isEmpty();
  }

  private static java.util.stream.Stream<String> lines(Path f) {
    try {
      return java.nio.file.Files.readAllLines(f).stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
