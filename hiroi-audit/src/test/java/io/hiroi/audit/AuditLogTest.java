package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private final FakeClock clock = FakeClock.atRecentTime();

  /** An in-memory chained sink that a test can hold up or make fail. */
  static class TestSink implements AuditSink {
    final List<AuditRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean fail = new AtomicBoolean();
    final AtomicInteger batches = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile ChainHead head = ChainHead.GENESIS;
    volatile boolean closed;

    @Override
    public List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker) {
      entered.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fail.get()) {
        throw new AuditException("test sink failed");
      }
      List<AuditRecord> out = new ArrayList<>();
      ChainHead at = head;
      for (AuditEvent e : events) {
        AuditRecord r = linker.link(at, e);
        out.add(r);
        at = r.head();
      }
      records.addAll(out);
      head = at;
      batches.incrementAndGet();
      return out;
    }

    @Override
    public ChainHead head() {
      return head;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void durable_returnsAfterTheSinkStored_andEventsAreRedacted() {
    TestSink sink = new TestSink();
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      log.record(log.event("auth.password.changed").attribute("password", "hunter2").build());
      assertThat(sink.records).hasSize(1);
      assertThat(sink.records.get(0).event().attributes()).containsEntry("password", "[redacted]");
      assertThat(log.head()).isEqualTo(sink.records.get(0).head());
    }
    assertThat(sink.closed).isTrue();
  }

  @Test
  void durable_sinkFailure_failsTheCallers_andTheNextBatchTriesAgain() {
    TestSink sink = new TestSink();
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      sink.fail.set(true);
      assertThatThrownBy(() -> log.record(Trails.event(clock, 1)))
          .isInstanceOf(AuditException.class)
          .hasMessage("test sink failed");
      sink.fail.set(false);
      log.record(Trails.event(clock, 2));
      assertThat(sink.records).hasSize(1);
    }
  }

  @Test
  void queued_sinkFailure_closesTheLog_loudly() {
    TestSink sink = new TestSink();
    sink.fail.set(true);
    AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build();
    log.record(Trails.event(clock, 1)); // queued: returns
    assertThatThrownBy(log::flush).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> log.record(Trails.event(clock, 2)))
        .isInstanceOf(AuditException.class)
        .hasMessage("audit sink failed; the event was not recorded and the log accepts no more events");
    assertThatThrownBy(log::close).isInstanceOf(AuditException.class);
    assertThat(sink.records).isEmpty();
  }

  private static final Duration NO_HANG = Duration.ofSeconds(20);

  /** A sink whose append throws an Error: the writer thread must fail the log, not die. */
  static final class ErrorSink extends TestSink {
    @Override
    public List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker) {
      if (fail.get()) {
        throw new AssertionError("test sink error");
      }
      return super.append(events, linker);
    }
  }

  @Test
  void sinkThrowingAnError_failsDurableCallersAndEveryLaterCall_insteadOfHanging() {
    ErrorSink sink = new ErrorSink();
    AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build();
    log.record(Trails.event(clock, 1));
    sink.fail.set(true);
    assertTimeoutPreemptively(NO_HANG, () -> {
      assertThatThrownBy(() -> log.record(Trails.event(clock, 2)))
          .isInstanceOf(AuditException.class)
          .hasMessage("audit sink failed; the event was not recorded and the log accepts no more events")
          .hasRootCauseInstanceOf(AssertionError.class);
      sink.fail.set(false); // an Error leaves the sink in an unknown state: the log stays failed
      assertThatThrownBy(() -> log.record(Trails.event(clock, 3))).isInstanceOf(AuditException.class);
      assertThatThrownBy(log::flush).isInstanceOf(AuditException.class);
      assertThatThrownBy(log::close).isInstanceOf(AuditException.class);
    });
    assertThat(log.writerThread().isAlive()).isFalse();
    assertThat(sink.records).hasSize(1);
  }

  @Test
  void queued_sinkThrowingAnError_failsTheFlush_insteadOfHanging() {
    ErrorSink sink = new ErrorSink();
    sink.fail.set(true);
    AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build();
    log.record(Trails.event(clock, 1));
    assertTimeoutPreemptively(NO_HANG, () -> {
      assertThatThrownBy(log::flush).isInstanceOf(AuditException.class);
      assertThatThrownBy(log::close).isInstanceOf(AuditException.class);
    });
    assertThat(sink.records).isEmpty();
  }

  @Test
  void interruptedWriterThread_failsTheLog_insteadOfLeavingCallersWaiting() {
    TestSink sink = new TestSink();
    AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build();
    log.record(Trails.event(clock, 1));
    log.writerThread().interrupt(); // not close(): an executor's shutdownNow, a container
    assertTimeoutPreemptively(NO_HANG, () -> {
      assertThatThrownBy(() -> log.record(Trails.event(clock, 2)))
          .isInstanceOf(AuditException.class)
          .hasStackTraceContaining("audit writer thread was interrupted; the event was not recorded and the log accepts no more events");
      assertThatThrownBy(() -> log.record(Trails.event(clock, 3))).isInstanceOf(AuditException.class);
      assertThatThrownBy(log::flush).isInstanceOf(AuditException.class);
      assertThat(log.writerThread().isAlive()).isTrue(); // it goes on failing callers until close()
      assertThatThrownBy(log::close).isInstanceOf(AuditException.class);
    });
    assertThat(log.writerThread().isAlive()).isFalse();
    assertThat(sink.records).hasSize(1);
    assertThat(sink.closed).isTrue();
  }

  @Test
  void durable_flushAfterAFailedBatch_throws_andTheNextFlushSucceeds() {
    TestSink sink = new TestSink();
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      sink.fail.set(true);
      assertThatThrownBy(() -> log.record(Trails.event(clock, 1))).isInstanceOf(AuditException.class);
      sink.fail.set(false);
      assertThatThrownBy(log::flush).isInstanceOf(AuditException.class).hasMessage("test sink failed");
      log.flush(); // reported once: nothing failed since
      log.record(Trails.event(clock, 2));
      log.flush();
      assertThat(sink.records).hasSize(1);
    }
  }

  /** Waits until a thread is parked (here: a caller waiting for its batch), or fails the test. */
  private static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + NO_HANG.toNanos();
    while (t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s did not start waiting", t.getName()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void durable_flushInTheSameBatchAsFailedEvents_throws() throws Exception {
    TestSink sink = new TestSink();
    sink.hold = new CountDownLatch(1);
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread first = new Thread(() -> {
        try {
          log.record(Trails.event(clock, 1));
        } catch (AuditException e) {
          failures.add(e);
        }
      }, "first");
      first.start(); // its batch is held in the sink
      assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
      AuditEvent second = Trails.event(clock, 2);
      Thread queued = new Thread(() -> {
        try {
          log.record(second);
        } catch (AuditException e) {
          failures.add(e);
        }
      }, "queued");
      queued.start();
      awaitParked(queued);
      Thread flusher = new Thread(() -> {
        try {
          log.flush();
        } catch (AuditException e) {
          failures.add(e);
        }
      }, "flusher");
      flusher.start();
      awaitParked(flusher); // the event and the flush now wait in the queue, to be one batch
      sink.fail.set(true); // the held batch fails, and so does the next
      sink.hold.countDown();
      for (Thread t : List.of(first, queued, flusher)) {
        t.join(NO_HANG.toMillis());
        assertThat(t.isAlive()).isFalse();
      }
      assertThat(failures).hasSize(3).allSatisfy(e -> assertThat(e).hasMessage("test sink failed"));
      assertThat(sink.records).isEmpty();
    }
  }

  @Test
  void fullQueue_underFail_refusesAtOnce_underBlock_waits() throws Exception {
    TestSink sink = new TestSink();
    sink.hold = new CountDownLatch(1);
    AuditLog log =
        AuditLog.builder(Trails.ring(), sink)
            .clock(clock)
            .acknowledge(AuditLog.Acknowledge.QUEUED)
            .overflow(AuditLog.Overflow.FAIL)
            .queueCapacity(4)
            .maxBatch(1)
            .build();
    log.record(Trails.event(clock, 0)); // taken by the writer, which is now held in the sink
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 4; i++) {
      log.record(Trails.event(clock, i));
    }
    assertThatThrownBy(() -> log.record(Trails.event(clock, 5)))
        .isInstanceOf(AuditException.class)
        .hasMessage("audit queue full (4 events); the event was not recorded");
    sink.hold.countDown();
    log.close();
    assertThat(sink.records).hasSize(5); // nothing accepted was dropped

    TestSink blocking = new TestSink();
    blocking.hold = new CountDownLatch(1);
    AuditLog blockLog =
        AuditLog.builder(Trails.ring(), blocking).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).queueCapacity(2).maxBatch(1).build();
    blockLog.record(Trails.event(clock, 0));
    assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
    blockLog.record(Trails.event(clock, 1));
    blockLog.record(Trails.event(clock, 2));
    CountDownLatch recorded = new CountDownLatch(1);
    Thread caller = new Thread(() -> {
      blockLog.record(Trails.event(clock, 3));
      recorded.countDown();
    });
    caller.start();
    assertThat(recorded.await(200, TimeUnit.MILLISECONDS)).isFalse(); // blocked while the queue is full
    blocking.hold.countDown();
    assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
    blockLog.close();
    assertThat(blocking.records).hasSize(4);
  }

  @Test
  void oversizedEvent_failsItsCallerAlone_andTheLogGoesOn() {
    TestSink sink = new TestSink();
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      String controls = "\u0001".repeat(AuditEvent.MAX_VALUE_LENGTH);
      AuditEvent.Builder b = log.event("test.huge").actor(controls).target(controls).tenant(controls).userAgent(controls);
      for (int i = 0; i < 20; i++) {
        b.attribute("a" + i, controls);
      }
      AuditEvent huge = b.build();
      assertThatThrownBy(() -> log.record(huge)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the event's record would be");
      log.record(log.event("test.small").build());
      assertThat(log.head().seq()).isEqualTo(1);
    }
  }

  @Test
  void close_flushes_thenRefuses() {
    TestSink sink = new TestSink();
    AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build();
    for (int i = 0; i < 1000; i++) {
      log.record(Trails.event(clock, i));
    }
    log.close();
    log.close(); // idempotent
    assertThat(sink.records).hasSize(1000);
    assertThat(sink.batches.get()).isLessThan(1000); // group commit: fewer batches than events
    assertThatThrownBy(() -> log.record(Trails.event(clock, 1)))
        .isInstanceOf(AuditException.class)
        .hasMessage("audit log is closed; the event was not recorded");
    assertThatThrownBy(log::flush).isInstanceOf(AuditException.class);
  }

  @Test
  void flush_waitsForEverythingQueuedBefore() {
    TestSink sink = new TestSink();
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).acknowledge(AuditLog.Acknowledge.QUEUED).build()) {
      for (int i = 0; i < 100; i++) {
        log.record(Trails.event(clock, i));
      }
      log.flush();
      assertThat(sink.records).hasSize(100);
    }
  }

  @Test
  void builder_checksSettings() {
    TestSink sink = new TestSink();
    assertThatThrownBy(() -> AuditLog.builder(Trails.ring(), sink).queueCapacity(0))
        .hasMessage("queueCapacity must be between 1 and 1048576, was 0");
    assertThatThrownBy(() -> AuditLog.builder(Trails.ring(), sink).maxBatch(70_000))
        .hasMessage("maxBatch must be between 1 and 65536, was 70000");
    assertThatThrownBy(() -> AuditLog.builder(Trails.ring(), sink).clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock was already set");
  }

  @Test
  void slf4jSink_logsTheRedactedEventWithoutChain() {
    Slf4jAuditSink sink = Slf4jAuditSink.create("hiroi.audit.test");
    PlantedSecrets secrets = new PlantedSecrets();
    AuditEvent event = Redactor.defaults().redact(secrets.event(clock));
    String json = RecordFormat.eventJson(event);
    for (String secret : secrets.all()) {
      assertThat(json).doesNotContain(secret);
    }
    assertThat(json).doesNotContain("\"seq\"", "\"mac\"", "\"prev\"").contains("\"type\":\"auth.login.succeeded\"");
    try (AuditLog log = AuditLog.builder(Trails.ring(), sink).clock(clock).build()) {
      log.record(secrets.event(clock));
      assertThat(log.head()).isEqualTo(ChainHead.GENESIS);
    }
    assertThat(sink.toString()).isEqualTo("Slf4jAuditSink[hiroi.audit.test]");
  }
}
