package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.audit.Verification.Reason;
import io.hiroi.crypto.KeyRing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every chained sink shares, run on the file sink and on PostgreSQL: what is
 * recorded is stored once, in order, and verifies; the chain survives a reopen; no planted secret
 * is stored; and each kind of tampering with the store is caught and named.
 */
public abstract class AuditSinkContract {
  protected final FakeClock clock = FakeClock.atRecentTime();
  protected final KeyRing ring = Trails.ring();
  protected final AuditVerifier verifier = AuditVerifier.create(ring, clock);

  /** Opens (or reopens) the sink on this test's store. */
  protected abstract AuditSink open();

  /** Verifies this test's store through the verifier's public API for it. */
  protected abstract Verification verifyStore(HeadCheckpoint checkpoint);

  /** Every stored record's JSON, in the store's order. */
  protected abstract List<String> stored();

  protected abstract void change(long seq, UnaryOperator<String> edit);

  protected abstract void delete(long seq);

  /** Puts a copy of record {@code copyOf} just before record {@code before}. */
  protected abstract void insertCopy(long copyOf, long before);

  protected abstract void swap(long a, long b);

  /** Removes every record after {@code lastKept}. */
  protected abstract void truncateAfter(long lastKept);

  private AuditLog log(AuditSink sink) {
    return AuditLog.builder(ring, sink).clock(clock).build();
  }

  private void recordN(int n) {
    try (AuditLog log = log(open())) {
      for (int i = 1; i <= n; i++) {
        log.record(Trails.event(clock, i));
      }
    }
  }

  @Test
  void recorded_isStoredInOrder_andVerifies() {
    recordN(25);
    List<String> stored = stored();
    assertThat(stored).hasSize(25);
    for (int i = 0; i < 25; i++) {
      AuditRecord r = AuditRecord.parse(stored.get(i)).orElseThrow();
      assertThat(r.seq()).isEqualTo(i + 1);
      assertThat(r.event().actor()).contains("user/" + (i + 1));
    }
    Verification v = verifyStore(null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isEqualTo(25);
  }

  @Test
  void reopen_recoversTheHead_andTheChainContinues() {
    recordN(5);
    try (AuditSink sink = open()) {
      assertThat(sink.head()).isEqualTo(AuditRecord.parse(stored().get(4)).orElseThrow().head());
    }
    recordN(5);
    assertThat(verifyStore(null).count()).isEqualTo(10);
  }

  @Test
  void manyThreads_everyEventStoredExactlyOnce_chainValid() throws Exception {
    int threads = 8;
    int each = 400;
    List<UUID> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    try (AuditLog log = log(open())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            AuditEvent e = AuditEvent.builder(clock, "test.concurrent").actor("t" + thread).attribute("i", i).build();
            log.record(e);
            ids.add(e.id());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    Set<UUID> storedIds = new HashSet<>();
    for (String json : stored()) {
      assertThat(storedIds.add(AuditRecord.parse(json).orElseThrow().event().id())).isTrue();
    }
    assertThat(storedIds).containsExactlyInAnyOrderElementsOf(ids).hasSize(threads * each);
    Verification v = verifyStore(null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isEqualTo(threads * each);
  }

  @Test
  void queuedMode_closeFlushesEverything() {
    try (AuditLog log = AuditLog.builder(ring, open()).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build()) {
      for (int i = 1; i <= 300; i++) {
        log.record(Trails.event(clock, i));
      }
    }
    assertThat(stored()).hasSize(300);
    assertThat(verifyStore(null).count()).isEqualTo(300);
  }

  @Test
  void plantedSecrets_neverReachTheStore() {
    PlantedSecrets secrets = new PlantedSecrets();
    try (AuditLog log = log(open())) {
      log.record(secrets.event(clock));
    }
    String all = String.join("\n", stored());
    assertThat(all).contains("auth.login.succeeded", "req-7f3a", "[redacted]");
    for (String secret : secrets.all()) {
      assertThat(all).doesNotContain(secret);
    }
  }

  @Test
  void tamper_changed() {
    recordN(10);
    change(4, json -> json.replace("\"actor\":\"user/4\"", "\"actor\":\"user/9\""));
    AuditVerifierTest.assertBroken(verifyStore(null), Reason.CHANGED, 4, 3);
  }

  @Test
  void tamper_deleted() {
    recordN(10);
    delete(6);
    AuditVerifierTest.assertBroken(verifyStore(null), Reason.DELETED, 6, 5);
  }

  @Test
  void tamper_inserted() {
    recordN(10);
    insertCopy(2, 8);
    AuditVerifierTest.assertBroken(verifyStore(null), Reason.INSERTED, 8, 7);
  }

  @Test
  void tamper_reordered() {
    recordN(10);
    swap(3, 4);
    AuditVerifierTest.assertBroken(verifyStore(null), Reason.REORDERED, 3, 2);
  }

  @Test
  void tamper_truncated_caughtByTheHeadCheckpoint() {
    recordN(10);
    HeadCheckpoint cp = verifier.checkpoint(verifyStore(null));
    truncateAfter(7);
    assertThat(verifyStore(null).isValid()).isTrue();
    AuditVerifierTest.assertBroken(verifyStore(cp), Reason.TRUNCATED, 8, 7);
  }

  @Test
  void newDay_startsWithACheckpoint_andTheChainContinues() {
    recordN(3);
    clock.advance(Duration.ofDays(1));
    recordN(2);
    List<String> stored = stored();
    assertThat(stored).hasSize(6);
    AuditRecord checkpoint = AuditRecord.parse(stored.get(3)).orElseThrow();
    assertThat(checkpoint.event().type()).isEqualTo(AuditRecord.CHECKPOINT_TYPE);
    assertThat(checkpoint.event().attributes()).containsEntry(ChainLinker.FROM_SEQ, 3L);
    assertThat(verifyStore(null).count()).isEqualTo(6);
  }
}
