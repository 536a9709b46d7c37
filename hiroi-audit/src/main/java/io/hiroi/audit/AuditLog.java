package io.hiroi.audit;

import io.hiroi.audit.internal.ChainKeys;
import io.hiroi.audit.internal.Errors;
import io.hiroi.crypto.KeyRing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's entry point: {@link #record(AuditEvent)} redacts an event ({@link Redactor}),
 * hands it to one writer thread through a bounded queue, and that thread links batches of events
 * into the HMAC chain and stores each batch with one {@code fsync} or {@code COMMIT} (group
 * commit), so durability costs one sync per batch, not per event.
 *
 * <p>Two acknowledgement modes ({@link Builder#acknowledge(Acknowledge)}):
 *
 * <ul>
 *   <li>{@link Acknowledge#DURABLE} (the default): {@code record} returns once the event is stored
 *       durably, or throws {@link AuditException}; a failed batch fails its callers only, and the
 *       next batch tries again. A {@link #flush()} throws too when an event queued after the
 *       previous flush (or stored in the same batch as the flush) was not stored.
 *   <li>{@link Acknowledge#QUEUED}: {@code record} returns once the event is queued; {@link
 *       #flush()} returns once everything queued before it is durable. A failed batch cannot be
 *       reported to callers that have returned, so the log then fails closed: every later call
 *       throws, and the failure is logged with the count of events lost with it.
 * </ul>
 *
 * <p>In either mode, an {@link Error} thrown by the sink (its state is then unknown) or an
 * interrupt of the writer thread (which {@link #close()} never does) fails the log closed: every
 * waiting and later call throws, nothing hangs, and {@link #close()} reports the failure.
 *
 * <p>When the queue is full, callers block ({@link Overflow#BLOCK}, the default) or get an {@link
 * AuditException} ({@link Overflow#FAIL}); events are never dropped silently. {@link #close()}
 * stops accepting events, stores everything queued, and closes the sink.
 *
 * <p>Thread-safe; share one instance per sink. Callers' threads redact; one writer thread chains
 * and stores. The writer thread is not a daemon, so that queued events are not lost to a JVM
 * exit: close the log on shutdown.
 */
public final class AuditLog implements AutoCloseable {
  /** The default queue capacity, in events. */
  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

  /** The default largest batch stored with one sync. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /** When {@link #record(AuditEvent)} returns. */
  public enum Acknowledge {
    /** After the event is durable (fsync or commit). */
    DURABLE,
    /** After the event is queued; {@link #flush()} waits for durability. */
    QUEUED
  }

  /** What {@link #record(AuditEvent)} does when the queue is full. */
  public enum Overflow {
    /** Wait for room. */
    BLOCK,
    /** Throw {@link AuditException} at once. */
    FAIL
  }

  private static final class Pending {
    final AuditEvent event; // null for a flush marker or the stop marker
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final boolean stop;

    Pending(AuditEvent event, boolean stop) {
      this.event = event;
      this.stop = stop;
    }
  }

  private final AuditSink sink;
  private final ChainLinker linker;
  private final Redactor redactor;
  private final Clock clock;
  private final Acknowledge acknowledge;
  private final Overflow overflow;
  private final int capacity;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  /** One permit per event the queue may hold; markers (flush, stop) take none. */
  private final Semaphore slots;
  private final Thread writer;
  private final AtomicReference<AuditException> failed = new AtomicReference<>();
  /**
   * A durable-mode batch failure that no flush marker has reported yet; the writer thread's only,
   * so the next flush learns that an event queued before it was not stored.
   */
  private AuditException unflushed;
  private final java.util.concurrent.locks.ReentrantReadWriteLock accepting =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;

  private AuditLog(Builder b) {
    this.sink = b.sink;
    this.clock = b.clock;
    this.linker = new ChainLinker(ChainKeys.of(b.keyRing), b.clock);
    this.redactor = b.redactor;
    this.acknowledge = b.acknowledge;
    this.overflow = b.overflow;
    this.capacity = b.capacity;
    this.maxBatch = b.maxBatch;
    this.queue = new LinkedBlockingQueue<>();
    this.slots = new Semaphore(capacity);
    this.writer = new Thread(this::run, "hiroi-audit-writer");
    this.writer.setDaemon(false);
    this.writer.start();
  }

  /**
   * Starts configuring a log over a sink.
   *
   * @param keyRing the key ring whose primary key id MACs new records
   * @param sink where records go; the log closes it on {@link #close()}
   * @return a new builder
   */
  public static Builder builder(KeyRing keyRing, AuditSink sink) {
    return new Builder(keyRing, sink);
  }

  /**
   * Starts an event at this log's clock.
   *
   * @param type the event type (see {@link AuditEvent#builder(Clock, String)})
   * @return a new event builder
   * @throws IllegalArgumentException if the type is invalid
   */
  public AuditEvent.Builder event(String type) {
    return AuditEvent.builder(clock, type);
  }

  /**
   * Records an event: redacts it and queues it; in {@link Acknowledge#DURABLE} mode, waits until
   * it is durable.
   *
   * @param event the event
   * @throws IllegalArgumentException if the event's record would be longer than a record may be
   *     (256 Ki characters; only possible with many long fields full of control characters)
   * @throws AuditException if the log is closed or failed, the queue is full under {@link
   *     Overflow#FAIL}, the thread was interrupted while waiting, or (durable mode) the sink could
   *     not store the event
   */
  public void record(AuditEvent event) {
    AuditEvent redacted = redactor.redact(Objects.requireNonNull(event, "event"));
    RecordFormat.checkFits(redacted);
    Pending pending = new Pending(redacted, false);
    enqueue(pending);
    if (acknowledge == Acknowledge.DURABLE) {
      await(pending);
    }
  }

  /**
   * Waits until every event queued before this call is durable.
   *
   * @throws AuditException if the log is closed or failed, the thread was interrupted, or (durable
   *     mode) an event queued since the previous flush, or stored in the same batch as this one,
   *     was not stored
   */
  public void flush() {
    Pending marker = new Pending(null, false);
    enqueue(marker);
    await(marker);
  }

  /**
   * Returns where the chain stands.
   *
   * @return the sink's head
   */
  public ChainHead head() {
    return sink.head();
  }

  private void enqueue(Pending pending) {
    AuditException failure = failed.get();
    if (failure != null) {
      throw new AuditException(Errors.sinkFailed(), failure);
    }
    // The read lock keeps close() from slipping between the closed check and the put, so that no
    // event is queued after the writer's stop marker.
    accepting.readLock().lock();
    try {
      if (closed) {
        throw new AuditException(Errors.logClosed());
      }
      if (pending.event != null) {
        if (overflow == Overflow.FAIL) {
          if (!slots.tryAcquire()) {
            throw new AuditException(Errors.queueFull(capacity));
          }
        } else {
          slots.acquire();
        }
      }
      queue.add(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(Errors.interrupted(), e);
    } finally {
      accepting.readLock().unlock();
    }
  }

  private static void await(Pending pending) {
    try {
      pending.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(Errors.interrupted(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuditException) {
        throw new AuditException(cause.getMessage(), cause);
      }
      throw new AuditException(Errors.sinkFailed(), cause);
    }
  }

  /** For tests: the writer thread. */
  Thread writerThread() {
    return writer;
  }

  /** Fails the log closed (the first failure wins) and returns the failure it now reports. */
  private AuditException fail(AuditException failure) {
    failed.compareAndSet(null, failure);
    return failed.get();
  }

  /**
   * The writer thread. It runs until close()'s stop marker and never dies of a failure: a writer
   * gone early would leave durable callers and flushes waiting forever. After a failure of the
   * log it goes on taking the queue and failing every entry at once.
   */
  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    List<AuditEvent> events = new ArrayList<>(maxBatch);
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      batch.clear();
      events.clear();
      try {
        if (stopping) {
          Pending p = queue.poll();
          if (p == null) {
            break;
          }
          batch.add(p);
        } else {
          batch.add(queue.take());
        }
      } catch (InterruptedException e) {
        // close() never interrupts this thread; whoever did (an executor's shutdownNow, a
        // container stopping threads) must not make it stop silently with callers waiting.
        fail(new AuditException(Errors.writerInterrupted()));
        LOG.error("audit writer thread was interrupted; the log is now closed and {} queued entries fail", queue.size());
        continue;
      }
      try {
        queue.drainTo(batch, maxBatch - 1);
        for (Pending p : batch) {
          if (p.event != null) {
            events.add(p.event);
          }
          stopping |= p.stop;
        }
        slots.release(events.size());
        store(batch, events);
      } catch (Throwable t) { // never leave a caller of this batch waiting
        AuditException failure = fail(new AuditException(Errors.sinkFailed(), t));
        LOG.error("audit writer failed; the log is now closed", t);
        for (Pending p : batch) {
          stopping |= p.stop;
          p.done.completeExceptionally(failure);
        }
      }
    }
  }

  private void store(List<Pending> batch, List<AuditEvent> events) {
    AuditException failure = failed.get();
    if (failure == null && !events.isEmpty()) {
      try {
        sink.append(events, linker);
      } catch (RuntimeException e) {
        AuditException cause = e instanceof AuditException ? (AuditException) e : new AuditException(Errors.sinkFailed(), e);
        if (acknowledge == Acknowledge.QUEUED) {
          failure = fail(cause);
          LOG.error("audit sink failed; {} queued events were not stored and the log is now closed", events.size(), e);
        } else {
          LOG.error("audit sink failed; {} events were not stored and their callers were told", events.size(), e);
          failure = new AuditException(cause.getMessage(), cause);
          unflushed = failure;
        }
      } catch (Throwable e) { // an Error: the sink's state is unknown, so the log fails in either mode
        failure = fail(new AuditException(Errors.sinkFailed(), e));
        LOG.error("audit sink threw an error; {} events were not stored and the log is now closed", events.size(), e);
      }
    }
    boolean flushed = false;
    for (Pending p : batch) {
      // A flush marker also reports a durable-mode failure of an earlier batch since the last flush.
      AuditException f = failure != null ? failure : p.event == null ? unflushed : null;
      if (f != null) {
        p.done.completeExceptionally(f);
      } else {
        p.done.complete(null);
      }
      flushed |= p.event == null;
    }
    if (flushed) {
      unflushed = null;
    }
  }

  /**
   * Stops accepting events, stores everything queued, stops the writer thread and closes the
   * sink. Idempotent.
   *
   * @throws AuditException if queued events could not be stored or the sink failed to close
   */
  @Override
  public void close() {
    Pending stop = new Pending(null, true);
    boolean interrupted = false;
    accepting.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop); // no event can be queued after it now
    } finally {
      accepting.writeLock().unlock();
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (Pending left; (left = queue.poll()) != null; ) {
      left.done.completeExceptionally(new AuditException(Errors.logClosed()));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      sink.close();
    } finally {
      AuditException failure = failed.get();
      if (failure != null) {
        throw new AuditException(Errors.sinkFailed(), failure);
      }
    }
  }

  /** Names the mode only. */
  @Override
  public String toString() {
    return "AuditLog[" + acknowledge + ", " + overflow + ", capacity=" + capacity + "]";
  }

  /**
   * Configures an {@link AuditLog}. Each setting may be set once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing keyRing;
    private final AuditSink sink;
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private Acknowledge acknowledge = Acknowledge.DURABLE;
    private Overflow overflow = Overflow.BLOCK;
    private int capacity = DEFAULT_QUEUE_CAPACITY;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder(KeyRing keyRing, AuditSink sink) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    /**
     * Sets the clock of {@link AuditLog#event(String)} and of checkpoint records (default UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the redactor (default {@link Redactor#defaults()}).
     *
     * @param redactor the redactor
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder redactor(Redactor redactor) {
      once("redactor");
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Sets when {@code record} returns (default {@link Acknowledge#DURABLE}).
     *
     * @param acknowledge the mode
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder acknowledge(Acknowledge acknowledge) {
      once("acknowledge");
      this.acknowledge = Objects.requireNonNull(acknowledge, "acknowledge");
      return this;
    }

    /**
     * Sets what a full queue does (default {@link Overflow#BLOCK}).
     *
     * @param overflow the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder overflow(Overflow overflow) {
      once("overflow");
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /**
     * Sets the queue capacity (default {@value AuditLog#DEFAULT_QUEUE_CAPACITY}).
     *
     * @param capacity 1 to 1,048,576 events
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > 1 << 20) {
        throw new IllegalArgumentException(Errors.range("queueCapacity", 1, 1 << 20, capacity));
      }
      once("queueCapacity");
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the largest batch stored with one sync (default {@value AuditLog#DEFAULT_MAX_BATCH}).
     *
     * @param maxBatch 1 to 65,536 events
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1 || maxBatch > 65_536) {
        throw new IllegalArgumentException(Errors.range("maxBatch", 1, 65_536, maxBatch));
      }
      once("maxBatch");
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Builds the log and starts its writer thread.
     *
     * @return the log; close it to store what is queued and stop the thread
     */
    public AuditLog build() {
      return new AuditLog(this);
    }
  }
}
