package io.hiroi.audit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import io.hiroi.audit.AuditRecord;
import io.hiroi.audit.AuditSink;
import io.hiroi.audit.AuditSinkContract;
import io.hiroi.audit.HeadCheckpoint;
import io.hiroi.audit.Verification;
import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink contract on a real PostgreSQL 17, each test on a fresh table written through a role
 * that holds only {@code INSERT, SELECT} (as the README tells users to run it); tampering goes
 * through the superuser, as an attacker with database access would.
 */
@ExtendWith(PostgresExtension.class)
class JdbcAuditSinkIT extends AuditSinkContract {
  private static PostgresEndpoint admin;
  private static PostgresEndpoint writer;
  private static int tables;
  private String table;

  @BeforeAll
  static void database(PostgresEndpoint server) throws SQLException {
    admin = server.createDatabase("JdbcAuditSinkIT");
    try (Connection c = admin.connect(); Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN CREATE ROLE hiroi_audit_writer LOGIN PASSWORD 'writer-test-password';"
          + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }
    writer = PostgresEndpoint.of(admin.jdbcUrl(), "hiroi_audit_writer", "writer-test-password");
  }

  @BeforeEach
  void freshTable() throws SQLException {
    table = "audit_log_" + (++tables);
    try (Connection c = admin.connect(); Statement st = c.createStatement()) {
      for (String sql : JdbcAuditSink.ddl(table, "hiroi_audit_writer").split(";\n")) {
        st.execute(sql);
      }
    }
  }

  private void sql(String sql, Object... args) {
    try (Connection c = admin.connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected AuditSink open() {
    return JdbcAuditSink.create(writer.dataSource(), table, clock);
  }

  @Override
  protected Verification verifyStore(HeadCheckpoint checkpoint) {
    return verifier.verifyTable(writer.dataSource(), table, checkpoint);
  }

  @Override
  protected List<String> stored() {
    List<String> out = new ArrayList<>();
    try (Connection c = admin.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT record FROM " + table + " ORDER BY seq")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private String recordAt(long seq) {
    try (Connection c = admin.connect();
        PreparedStatement st = c.prepareStatement("SELECT record FROM " + table + " WHERE seq = ?")) {
      st.setLong(1, seq);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void change(long seq, UnaryOperator<String> edit) {
    sql("UPDATE " + table + " SET record = ? WHERE seq = ?", edit.apply(recordAt(seq)), seq);
  }

  @Override
  protected void delete(long seq) {
    sql("DELETE FROM " + table + " WHERE seq = ?", seq);
  }

  @Override
  protected void insertCopy(long copyOf, long before) {
    String copy = recordAt(copyOf);
    sql("UPDATE " + table + " SET seq = seq + 1000000 WHERE seq >= ?", before);
    sql("UPDATE " + table + " SET seq = seq - 1000000 + 1 WHERE seq >= 1000000");
    sql("INSERT INTO " + table + " (seq, ts, type, record) VALUES (?, now(), 'x', ?)", before, copy);
  }

  @Override
  protected void swap(long a, long b) {
    sql("UPDATE " + table + " SET seq = 1000000 WHERE seq = ?", a);
    sql("UPDATE " + table + " SET seq = ? WHERE seq = ?", a, b);
    sql("UPDATE " + table + " SET seq = ? WHERE seq = 1000000", b);
  }

  @Override
  protected void truncateAfter(long lastKept) {
    sql("DELETE FROM " + table + " WHERE seq > ?", lastKept);
  }

  @Test
  void runtimeRole_cannotUpdateOrDelete() {
    try (AuditLog log = AuditLog.builder(ring, open()).clock(clock).build()) {
      log.record(log.event("test.one").build());
    }
    for (String sql : new String[] {"UPDATE " + table + " SET type = 'x'", "DELETE FROM " + table}) {
      assertThatThrownBy(() -> {
        try (Connection c = writer.connect(); Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }
  }

  @Test
  void twoWriters_atOnce_giveOneVerifiableTrail() throws Exception {
    twoWritersAtOnce(this::open, 1500);
  }

  @Test
  void twoWriters_onRepeatableReadOrSerializableConnections_stillGiveOneTrail_andHandTheirIsolationBack() throws Exception {
    // Under either level the head read after the lock would see the snapshot taken before it, so
    // both writers would link onto the same head and collide on seq.
    for (int isolation : new int[] {Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
      freshTable();
      DefaultsDataSource pool = new DefaultsDataSource(writer.dataSource(), true, isolation);
      twoWritersAtOnce(() -> JdbcAuditSink.create(pool.dataSource(), table, clock), 400);
      assertThat(pool.returned).hasSize(2);
      assertThat(pool.allRestored()).as("%s", pool.returned).isTrue();
    }
  }

  @Test
  void commits_areDurable_evenWhenTheRoleRunsWithSynchronousCommitOff() throws SQLException {
    sql("DO $$ BEGIN CREATE ROLE hiroi_audit_async LOGIN PASSWORD 'async-test-password';"
        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    sql("ALTER ROLE hiroi_audit_async SET synchronous_commit = off");
    sql("GRANT INSERT, SELECT ON " + table + " TO hiroi_audit_async");
    // A trigger notes the setting each insert into the trail runs under, in the writer's transaction.
    sql("CREATE TABLE " + table + "_modes (mode text NOT NULL)");
    sql("GRANT INSERT ON " + table + "_modes TO hiroi_audit_async");
    sql("CREATE FUNCTION " + table + "_note_mode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " INSERT INTO " + table + "_modes VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$");
    sql("CREATE TRIGGER note_mode AFTER INSERT ON " + table + " FOR EACH STATEMENT EXECUTE FUNCTION " + table + "_note_mode()");
    PostgresEndpoint async = PostgresEndpoint.of(admin.jdbcUrl(), "hiroi_audit_async", "async-test-password");
    try (Connection c = async.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("off"); // the premise: a COMMIT of this role is not flushed
    }
    try (AuditLog log = AuditLog.builder(ring, JdbcAuditSink.create(async.dataSource(), table, clock)).clock(clock).build()) {
      for (int i = 0; i < 3; i++) {
        log.record(log.event("test.durable").attribute("i", i).build());
      }
    }
    List<String> modes = new ArrayList<>();
    try (Connection c = admin.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT mode FROM " + table + "_modes")) {
      while (rs.next()) {
        modes.add(rs.getString(1));
      }
    }
    assertThat(modes).hasSize(3).containsOnly("on");
    try (Connection c = async.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("off"); // raised for the sink's transactions only
    }
  }

  private void twoWritersAtOnce(java.util.function.Supplier<AuditSink> sinks, int each) throws Exception {
    List<UUID> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    try (AuditLog a = AuditLog.builder(ring, sinks.get()).clock(clock).build();
        AuditLog b = AuditLog.builder(ring, sinks.get()).clock(clock).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        AuditLog log = t % 2 == 0 ? a : b;
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each / 4; i++) {
            AuditEvent e = AuditEvent.builder(clock, "test.replicas").actor("writer" + (thread % 2)).attribute("i", i).build();
            log.record(e);
            ids.add(e.id());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    Set<UUID> stored = new HashSet<>();
    Set<String> writers = new HashSet<>();
    for (String json : stored()) {
      AuditRecord r = AuditRecord.parse(json).orElseThrow();
      assertThat(stored.add(r.event().id())).isTrue();
      r.event().actor().ifPresent(writers::add);
    }
    assertThat(stored).containsExactlyInAnyOrderElementsOf(ids).hasSize(2 * each);
    assertThat(writers).containsExactlyInAnyOrder("writer0", "writer1");
    Verification v = verifyStore(null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isEqualTo(2 * each);
    Properties props = new Properties();
    props.setProperty("user", "hiroi_audit_writer");
    props.setProperty("password", "writer-test-password");
    assertThat(verifier.verifyTable(writer.jdbcUrl(), props, table, null).count()).isEqualTo(2 * each);
  }

  @Test
  void purge_deletesWholeDays_andTheRestVerifiesFromACheckpoint() {
    for (int day = 0; day < 3; day++) {
      try (AuditLog log = AuditLog.builder(ring, open()).clock(clock).build()) {
        for (int i = 0; i < 3; i++) {
          log.record(log.event("test.day").attribute("day", day).build());
        }
      }
      clock.advance(Duration.ofDays(1));
    }
    DataSource maintenance = admin.dataSource();
    try (JdbcAuditSink sink = JdbcAuditSink.create(writer.dataSource(), table, clock)) {
      assertThat(sink.purgeBefore(maintenance, clock.instant().minus(Duration.ofDays(10)), verifier)).isZero();
      assertThat(sink.purgeBefore(maintenance, clock.instant(), verifier)).isEqualTo(7);
      assertThatThrownBy(() -> sink.purgeBefore(writer.dataSource(), clock.instant(), verifier))
          .hasMessageStartingWith("audit JDBC sink: cannot purge " + table + " (SQL state 42501)");
    }
    Verification v = verifyStore(null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.startsAtCheckpoint()).isTrue();
    assertThat(v.firstSeq()).isEqualTo(8);
    assertThat(v.count()).isEqualTo(4);
  }

  @Test
  void purge_neverCutsAtAForgedCheckpointRow_thatTheInsertOnlyRoleAdded() throws Exception {
    for (int day = 0; day < 3; day++) {
      try (AuditLog log = AuditLog.builder(ring, open()).clock(clock).build()) {
        for (int i = 0; i < 3; i++) {
          log.record(log.event("test.day").attribute("day", day).build());
        }
      }
      clock.advance(Duration.ofDays(1));
    }
    JdbcAuditSink sink = JdbcAuditSink.create(admin.dataSource(), table, clock); // reads the head before the forgery
    // The runtime role may INSERT: it adds rows whose plain columns say "old checkpoint", one with
    // no record at all and one that copies the genuine day-2 checkpoint's record to a new seq.
    String genuine;
    try (Connection c = writer.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("SELECT record FROM " + table + " WHERE seq = 4")) {
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        genuine = rs.getString(1);
      }
    }
    assertThat(genuine).contains("\"type\":\"audit.checkpoint\"");
    try (Connection c = writer.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, 'audit.checkpoint', ?)")) {
      st.setLong(1, 13);
      st.setTimestamp(2, Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")));
      st.setString(3, genuine);
      st.executeUpdate();
      st.setLong(1, 14);
      st.setString(3, "{}");
      st.executeUpdate();
    }
    try (sink) {
      // The newest candidates are forged and skipped; the cut is at the genuine day-3 checkpoint.
      assertThat(sink.purgeBefore(admin.dataSource(), clock.instant(), verifier)).isEqualTo(7);
    }
    try (Connection c = admin.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("SELECT count(*), min(seq) FROM " + table)) {
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(6); // seq 8 to 11 and the two forged rows
        assertThat(rs.getLong(2)).isEqualTo(8);
      }
    }
  }

  @Test
  void unreachableDatabase_failsTheCaller_andTheVerifierSaysUnreadable() {
    PostgresEndpoint nowhere = PostgresEndpoint.of("jdbc:postgresql://127.0.0.1:1/none", "x", "y");
    assertThatThrownBy(() -> JdbcAuditSink.create(nowhere.dataSource(), table, clock))
        .isInstanceOf(io.hiroi.audit.AuditException.class)
        .hasMessageStartingWith("audit JDBC sink: cannot read the head of " + table);
    Verification v = verifier.verifyTable(nowhere.dataSource(), table, null);
    assertThat(v.reason()).contains(Verification.Reason.UNREADABLE);
    assertThatThrownBy(() -> JdbcAuditSink.create(writer.dataSource(), "bad;table", clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table must be an SQL identifier [a-z_][a-z0-9_]{0,62}, optionally schema-qualified");
  }
}
