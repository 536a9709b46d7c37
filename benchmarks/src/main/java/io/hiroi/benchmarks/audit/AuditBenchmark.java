package io.hiroi.benchmarks.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import io.hiroi.audit.AuditSink;
import io.hiroi.audit.AuditVerifier;
import io.hiroi.audit.FileAuditSink;
import io.hiroi.audit.Redactor;
import io.hiroi.audit.Slf4jAuditSink;
import io.hiroi.audit.Verification;
import io.hiroi.audit.jdbc.JdbcAuditSink;
import io.hiroi.benchmarks.BenchmarkKeys;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Durable audit events per second: hiroi's JSON Lines file sink ({@code file}, acknowledged after
 * {@code FileChannel.force}) and PostgreSQL sink ({@code jdbc}, acknowledged after {@code
 * COMMIT}, on the embedded PostgreSQL 17 of hiroi-testing) beside Logback's {@code FileAppender}
 * ({@code logback}, {@code immediateFlush} but no fsync: not durable) writing the same redacted
 * event JSON through {@link Slf4jAuditSink}. Every implementation redacts every event; hiroi's
 * sinks also MAC it into the chain.
 *
 * <p>Two shapes: {@link #batch()} records {@value #BATCH} events with {@link
 * AuditLog.Acknowledge#QUEUED} and then {@link AuditLog#flush()}es, so all of them are durable when
 * it returns (one thread can keep the writer busy); {@link #each()} records one event in {@link
 * AuditLog.Acknowledge#DURABLE} mode per call, so only concurrent callers share a sync. Scores are
 * events per second. {@link #tearDown()} verifies the whole trail written by the trial.
 *
 * <p>Run from the repository root (the machine is shared: see docs/PERFORMANCE.md):
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar AuditBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar AuditBenchmark -t 8
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditBenchmark {
  /** Events per {@link #batch()} call. */
  public static final int BATCH = 1000;

  private static final AtomicInteger TABLES = new AtomicInteger();

  /** Which sink: {@code file}, {@code jdbc} or {@code logback}. */
  @Param({"file", "jdbc", "logback"})
  public String impl;

  private final Clock clock = Clock.systemUTC();
  private final KeyRing keyRing = BenchmarkKeys.keyRing();
  private Path dir;
  private AuditLog queued;
  private AuditLog durable;
  private Slf4jAuditSink logback;
  private FileAppender<ILoggingEvent> appender;
  private DataSource db;
  private String table;
  private AuditEvent[] events;

  /** Opens the sink, and for Logback configures a file appender of the event JSON. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("hiroi-audit-bench");
    events = new AuditEvent[BATCH];
    for (int i = 0; i < BATCH; i++) {
      events[i] = AuditEvent.builder(clock, "auth.login.succeeded")
          .outcome(AuditEvent.SUCCESS).actor("user/" + i).tenant("acme").ip("203.0.113.7")
          .userAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36")
          .requestId("req-" + i).attribute("method", "password").build();
    }
    switch (impl) {
      case "file":
        queued = log(FileAuditSink.builder(dir.resolve("queued")).build(), AuditLog.Acknowledge.QUEUED);
        durable = log(FileAuditSink.builder(dir.resolve("durable")).build(), AuditLog.Acknowledge.DURABLE);
        break;
      case "jdbc":
        db = new DurableCommits(embeddedPostgres()); // COMMIT waits for the WAL flush
        table = "audit_bench_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + table + "_q");
          st.execute("DROP TABLE IF EXISTS " + table + "_d");
          for (String suffix : List.of("_q", "_d")) {
            for (String sql : JdbcAuditSink.ddl(table + suffix, "postgres").split(";\n")) {
              st.execute(sql);
            }
          }
        }
        queued = log(JdbcAuditSink.create(db, table + "_q", clock), AuditLog.Acknowledge.QUEUED);
        durable = log(JdbcAuditSink.create(db, table + "_d", clock), AuditLog.Acknowledge.DURABLE);
        break;
      case "logback":
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(dir.resolve("logback.jsonl").toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        Logger logger = context.getLogger("hiroi.audit.bench");
        logger.setAdditive(false);
        logger.addAppender(appender);
        logback = Slf4jAuditSink.create("hiroi.audit.bench");
        break;
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  /**
   * hiroi-testing's embedded PostgreSQL 17, reached through reflection: {@code PostgresEndpoint}
   * carries SpotBugs annotations that this module's compile class path lacks (a javac warning,
   * fatal under {@code -Werror}), and this module's pom is not the audit change's to edit.
   */
  private static DataSource embeddedPostgres() {
    try {
      Object endpoint = PostgresExtension.class.getMethod("endpoint").invoke(null);
      return (DataSource) endpoint.getClass().getMethod("dataSource").invoke(endpoint);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
    }
  }

  private AuditLog log(AuditSink sink, AuditLog.Acknowledge acknowledge) {
    return AuditLog.builder(keyRing, sink).clock(clock).acknowledge(acknowledge).build();
  }

  /**
   * Records {@value #BATCH} events and returns once all are durable (Logback: written).
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch() {
    if (logback != null) {
      for (AuditEvent e : events) {
        logback.append(List.of(Redactor.defaults().redact(e)), null);
      }
      return;
    }
    for (AuditEvent e : events) {
      queued.record(e);
    }
    queued.flush();
  }

  /** Records one event and returns once it is durable (Logback: written). */
  @Benchmark
  public void each() {
    AuditEvent e = events[(int) (Thread.currentThread().getId() % BATCH)];
    if (logback != null) {
      logback.append(List.of(Redactor.defaults().redact(e)), null);
      return;
    }
    durable.record(e);
  }

  /** Closes the sinks and verifies what they wrote. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (logback != null) {
      appender.stop();
      return;
    }
    queued.close();
    durable.close();
    AuditVerifier verifier = AuditVerifier.create(keyRing);
    for (String which : List.of("queued", "durable")) {
      Verification v = "file".equals(impl)
          ? verifier.verifyDirectory(dir.resolve(which), null)
          : verifier.verifyTable(db, table + ("queued".equals(which) ? "_q" : "_d"), null);
      if (!v.isValid()) {
        throw new IllegalStateException(impl + " " + which + " trail does not verify: " + v.describe());
      }
      System.out.println("# " + impl + " " + which + ": " + v.describe());
    }
  }
}
