package io.hiroi.audit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.audit.AuditLog;
import io.hiroi.audit.AuditVerifier;
import io.hiroi.audit.PiiProtector;
import io.hiroi.audit.SubjectKeyStore;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Crypto-shredding with the subject keys and the trail both on a real PostgreSQL 17. */
@ExtendWith(PostgresExtension.class)
class JdbcSubjectKeyStoreIT {
  private static PostgresEndpoint db;
  private final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();

  @BeforeAll
  static void database(PostgresEndpoint server) throws SQLException {
    db = server.createDatabase("JdbcSubjectKeyStoreIT");
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE hiroi_subject_writer");
      for (String sql : JdbcSubjectKeyStore.ddl("audit_subject_keys", "hiroi_subject_writer").split(";\n")) {
        st.execute(sql);
      }
      for (String sql : JdbcAuditSink.ddl("audit_log", "hiroi_subject_writer").split(";\n")) {
        st.execute(sql);
      }
      for (String sql : JdbcAuditSink.ddl("audit_log_manual", "hiroi_subject_writer").split(";\n")) {
        st.execute(sql);
      }
      for (String sql : JdbcAuditSink.ddl("audit_log_async", "hiroi_subject_writer").split(";\n")) {
        st.execute(sql);
      }
    }
  }

  @Test
  void protectRevealErase_onPostgres_andTheTrailStillVerifies() throws SQLException {
    SubjectKeyStore store = JdbcSubjectKeyStore.create(db.dataSource(), "audit_subject_keys");
    PiiProtector pii = PiiProtector.create(ring, store);
    String email;
    try (AuditLog log = AuditLog.builder(ring, JdbcAuditSink.create(db.dataSource(), "audit_log", Clock.systemUTC())).build()) {
      email = pii.protect("user-7", "email", "carol@example.com");
      log.record(log.event("auth.login.succeeded").attribute("email", email).build());
      assertThat(pii.reveal(email, "email")).contains("carol@example.com");
      assertThat(pii.erase(log, "user-7", "system/account-deletion")).isTrue();
    }
    assertThat(pii.reveal(email, "email")).isEmpty();
    assertThat(AuditVerifier.create(ring).verifyTable(db.dataSource(), "audit_log", null).count()).isEqualTo(2);
    try (Connection c = db.connect();
        java.sql.PreparedStatement st = c.prepareStatement("SELECT count(*) FROM audit_subject_keys WHERE ref = ?")) {
      st.setString(1, email.substring(7, 31)); // the erased subject's pseudonym
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  private static long rowsWithRef(String ref) throws SQLException {
    try (Connection c = db.connect();
        java.sql.PreparedStatement st = c.prepareStatement("SELECT count(*) FROM audit_subject_keys WHERE ref = ?")) {
      st.setString(1, ref);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void insertsAndErasures_commitDurably_evenWhenTheRoleRunsWithSynchronousCommitOff() throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE hiroi_subject_async LOGIN PASSWORD 'async-test-password' IN ROLE hiroi_subject_writer");
      st.execute("ALTER ROLE hiroi_subject_async SET synchronous_commit = off");
      st.execute("CREATE TABLE audit_subject_key_modes (op text NOT NULL, mode text NOT NULL)");
      st.execute("GRANT INSERT ON audit_subject_key_modes TO hiroi_subject_async");
      // A trigger notes the setting each write to the key table runs under, in the writer's transaction.
      st.execute("CREATE FUNCTION audit_subject_keys_note_mode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " INSERT INTO audit_subject_key_modes VALUES (TG_OP, current_setting('synchronous_commit')); RETURN NULL; END $$");
      st.execute("CREATE TRIGGER note_mode AFTER INSERT OR DELETE ON audit_subject_keys FOR EACH STATEMENT"
          + " EXECUTE FUNCTION audit_subject_keys_note_mode()");
    }
    PostgresEndpoint async = PostgresEndpoint.of(db.jdbcUrl(), "hiroi_subject_async", "async-test-password");
    try (Connection c = async.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("off"); // the premise: a COMMIT of this role is not flushed
    }
    List<String> modes = new ArrayList<>();
    try {
      PiiProtector pii = PiiProtector.create(ring, JdbcSubjectKeyStore.create(async.dataSource(), "audit_subject_keys"));
      pii.protect("user-async-1", "email", "erin@example.com");
      try (AuditLog log = AuditLog.builder(ring, JdbcAuditSink.create(db.dataSource(), "audit_log_async", Clock.systemUTC())).build()) {
        assertThat(pii.erase(log, "user-async-1", "system/account-deletion")).isTrue();
      }
      try (Connection c = db.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT op || '=' || mode FROM audit_subject_key_modes")) {
        while (rs.next()) {
          modes.add(rs.getString(1));
        }
      }
    } finally {
      try (Connection c = db.connect(); Statement st = c.createStatement()) {
        st.execute("DROP TRIGGER note_mode ON audit_subject_keys");
      }
    }
    assertThat(modes).containsExactly("INSERT=on", "DELETE=on");
  }

  @Test
  void connectionsWithoutAutoCommit_commitTheInsertAndTheErasure_andGetTheirAutoCommitBack() throws SQLException {
    DefaultsDataSource pool = new DefaultsDataSource(db.dataSource(), false, Connection.TRANSACTION_READ_COMMITTED);
    PiiProtector manual = PiiProtector.create(ring, JdbcSubjectKeyStore.create(pool.dataSource(), "audit_subject_keys"));
    PiiProtector plain = PiiProtector.create(ring, JdbcSubjectKeyStore.create(db.dataSource(), "audit_subject_keys"));
    String email = plain.protect("user-manual-1", "email", "dave@example.com");
    try (AuditLog log = AuditLog.builder(ring, JdbcAuditSink.create(db.dataSource(), "audit_log_manual", Clock.systemUTC())).build()) {
      assertThat(manual.erase(log, "user-manual-1", "system/account-deletion")).isTrue();
    }
    assertThat(rowsWithRef(email.substring(7, 31))).isZero(); // the DELETE was committed, not rolled back on return
    assertThat(plain.reveal(email, "email")).isEmpty();
    String ip = manual.protect("user-manual-2", "ip", "192.0.2.9"); // the INSERT is committed too
    assertThat(rowsWithRef(ip.substring(7, 31))).isOne();
    assertThat(plain.reveal(ip, "ip")).contains("192.0.2.9");
    assertThat(pool.returned).isNotEmpty();
    assertThat(pool.allRestored()).as("%s", pool.returned).isTrue();
  }

  @Test
  void concurrentFirstUse_agreesOnOneKey() throws Exception {
    SubjectKeyStore store = JdbcSubjectKeyStore.create(db.dataSource(), "audit_subject_keys");
    List<PiiProtector> replicas = List.of(PiiProtector.create(ring, store), PiiProtector.create(ring, store));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> values = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      PiiProtector p = replicas.get(i % 2);
      values.add(pool.submit(() -> {
        start.await();
        return p.protect("user-race", "ip", "192.0.2.1");
      }));
    }
    start.countDown();
    Set<String> refs = new HashSet<>();
    for (Future<String> f : values) {
      String v = f.get(60, TimeUnit.SECONDS);
      refs.add(v.substring(0, 31));
      assertThat(replicas.get(0).reveal(v, "ip")).contains("192.0.2.1");
    }
    pool.shutdown();
    assertThat(refs).hasSize(1);
  }

  @Test
  void unreachableStore_failsWithAnAuditException() {
    SubjectKeyStore store = JdbcSubjectKeyStore.create(PostgresEndpoint.of("jdbc:postgresql://127.0.0.1:1/none", "x", "y").dataSource(), "audit_subject_keys");
    assertThatThrownBy(() -> PiiProtector.create(ring, store).protect("u", "email", "a@b"))
        .isInstanceOf(io.hiroi.audit.AuditException.class)
        .hasMessageStartingWith("audit JDBC sink: cannot read audit_subject_keys (SQL state");
    assertThat(store.toString()).isEqualTo("JdbcSubjectKeyStore[audit_subject_keys]");
  }
}
