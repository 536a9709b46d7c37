package io.hiroi.audit.jdbc;

import io.hiroi.audit.internal.SuppressFBWarnings;
import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditException;
import io.hiroi.audit.AuditRecord;
import io.hiroi.audit.AuditSink;
import io.hiroi.audit.AuditVerifier;
import io.hiroi.audit.ChainHead;
import io.hiroi.audit.ChainLinker;
import io.hiroi.audit.internal.Errors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink: each record is one row of an append-only table holding its stored JSON
 * (exactly the file sink's line) and, for queries, its {@code seq}, {@code ts} and {@code type}:
 *
 * <pre>{@code
 * CREATE TABLE audit_log (
 *   seq    bigint      PRIMARY KEY CHECK (seq > 0),
 *   ts     timestamptz NOT NULL,
 *   type   text        NOT NULL,
 *   record text        NOT NULL
 * );
 * GRANT INSERT, SELECT ON audit_log TO hiroi_audit_writer;  -- the runtime role: no UPDATE, DELETE
 * }</pre>
 *
 * <p><b>Several writers, one chain.</b> Replicas writing to one table share one chain,
 * serialised by the database: each batch is one transaction that takes {@code
 * pg_advisory_xact_lock} on a key derived from the table name, reads the head (the row with the
 * highest {@code seq}), links the batch onto it, inserts it with one statement and commits. The
 * lock is held for one batch, so writers interleave batch by batch and the table is one
 * verifiable trail; the primary key on {@code seq} refuses a second row for a {@code seq} even
 * from a writer that skipped the lock. The lock and the head read cost one round trip per batch,
 * not per event.
 *
 * <p><b>Durable and serialised whatever the connection's defaults.</b> The lock statement also
 * raises {@code synchronous_commit} to {@code on} for the batch's transaction when the role,
 * database or server has it {@code off} (a {@code COMMIT} would then return before the WAL is
 * flushed, and a crash could lose acknowledged records; stronger settings are kept), and the
 * sink's transactions run at {@code READ COMMITTED} whatever the connection's default isolation
 * (under {@code REPEATABLE READ} or {@code SERIALIZABLE} the head read after the lock would see a
 * snapshot from before it, and writers would collide on {@code seq}). The connection's isolation
 * and auto-commit are restored before it is closed (returned to its pool). A server run with
 * {@code fsync=off} cannot be made durable from a session.
 *
 * <p>The first batch of each UTC day starts with a checkpoint record, so that {@link
 * #purgeBefore(DataSource, Instant, AuditVerifier)} can delete whole days and leave a trail that still verifies.
 *
 * <p>Thread-safe for {@link #head()}; {@link #append} is called by one {@link
 * io.hiroi.audit.AuditLog} writer thread, which keeps one connection open and reopens it after a
 * failure.
 */
public final class JdbcAuditSink implements AuditSink {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditSink.class);

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private final long lockKey;
  private final String selectHead;
  private final String insert;
  private Connection connection;
  // What the connection came with, restored before it is closed. Written when it is opened, by
  // the constructor or later by the writer thread after a failure; volatile for that hand-over.
  private volatile boolean savedAutoCommit;
  private volatile int savedIsolation;
  private volatile ChainHead head;

  private JdbcAuditSink(DataSource dataSource, String table, Clock clock) {
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
    this.lockKey = lockKey(table);
    this.selectHead = "SELECT record FROM " + table + " ORDER BY seq DESC LIMIT 1";
    this.insert =
        "INSERT INTO " + table + " (seq, ts, type, record)"
            + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::text[])";
    try {
      Connection c = connection();
      this.head = readHead(c).map(AuditRecord::head).orElse(ChainHead.GENESIS);
      c.commit();
    } catch (SQLException e) {
      rollBack();
      throw new AuditException(Errors.jdbc("cannot read the head of " + table + " (SQL state " + e.getSQLState() + ")"), e);
    } catch (RuntimeException e) {
      rollBack(); // never keep a connection for a sink that was not built
      throw e;
    }
  }

  /**
   * Opens a sink on a table (see the class comment for its DDL) and recovers the chain head.
   *
   * @param dataSource connections as the runtime role ({@code INSERT, SELECT} on the table)
   * @param table the table, optionally schema-qualified: lower-case SQL identifiers
   * @param clock decides the UTC day for the daily checkpoint
   * @return the sink
   * @throws IllegalArgumentException if the table name is not an identifier
   * @throws AuditException if the head cannot be read or the newest row is not a record
   */
  public static JdbcAuditSink create(DataSource dataSource, String table, Clock clock) {
    return new JdbcAuditSink(
        Objects.requireNonNull(dataSource, "dataSource"), checkTable(table), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * The DDL of the table and its runtime grant, as the README gives it.
   *
   * @param table the table name
   * @param runtimeRole the role the application connects as
   * @return SQL statements separated by {@code ;}
   * @throws IllegalArgumentException if a name is not an identifier
   */
  public static String ddl(String table, String runtimeRole) {
    checkTable(table);
    if (!IDENTIFIER.matcher(Objects.requireNonNull(runtimeRole, "runtimeRole")).matches() || runtimeRole.contains(".")) {
      throw new IllegalArgumentException("runtimeRole must be an SQL identifier [a-z_][a-z0-9_]{0,62}");
    }
    return "CREATE TABLE " + table + " (\n"
        + "  seq    bigint      PRIMARY KEY CHECK (seq > 0),\n"
        + "  ts     timestamptz NOT NULL,\n"
        + "  type   text        NOT NULL,\n"
        + "  record text        NOT NULL\n"
        + ");\n"
        + "GRANT INSERT, SELECT ON " + table + " TO " + runtimeRole + ";\n";
  }

  /**
   * Checks a table name.
   *
   * @param table a table name
   * @return the name
   * @throws IllegalArgumentException if it is not a lower-case SQL identifier, optionally
   *     schema-qualified
   */
  public static String checkTable(String table) {
    Objects.requireNonNull(table, "table");
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(Errors.tableName());
    }
    return table;
  }

  static long lockKey(String table) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(("hiroi-audit:" + table).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (h[i] & 0xff);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Takes the batch lock and, in the same round trip, makes the transaction's {@code COMMIT}
   * durable: {@code synchronous_commit=off} (a role, database or server default) becomes {@code
   * on} for this transaction only; {@code local}, {@code on} and the remote levels are kept.
   */
  static final String LOCK = JdbcSubjectKeyStore.DURABLE_COMMIT + ", pg_advisory_xact_lock(?)";

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = dataSource.getConnection();
      try {
        savedIsolation = c.getTransactionIsolation();
        savedAutoCommit = c.getAutoCommit();
        if (savedIsolation != Connection.TRANSACTION_READ_COMMITTED) {
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        c.setAutoCommit(false);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  private java.util.Optional<AuditRecord> readHead(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(selectHead);
        ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return java.util.Optional.empty();
      }
      String json = rs.getString(1);
      java.util.Optional<AuditRecord> r = AuditRecord.parse(json);
      if (r.isEmpty()) {
        throw new AuditException(Errors.jdbc("the newest row of " + table + " is not a record; refusing to append"));
      }
      return r;
    }
  }

  @Override
  public ChainHead head() {
    return head;
  }

  @Override
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(linker, "linker");
    try {
      Connection c = connection();
      try (PreparedStatement lock = c.prepareStatement(LOCK)) {
        lock.setLong(1, lockKey);
        lock.execute();
      }
      java.util.Optional<AuditRecord> last = readHead(c);
      ChainHead at = last.map(AuditRecord::head).orElse(ChainHead.GENESIS);
      List<AuditRecord> records = new ArrayList<>(events.size() + 1);
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      if (last.isPresent() && LocalDate.ofInstant(last.get().event().timestamp(), ZoneOffset.UTC).isBefore(today)) {
        AuditRecord checkpoint = linker.checkpoint(at);
        records.add(checkpoint);
        at = checkpoint.head();
      }
      for (AuditEvent e : events) {
        AuditRecord r = linker.link(at, e);
        records.add(r);
        at = r.head();
      }
      int n = records.size();
      Long[] seqs = new Long[n];
      Timestamp[] ts = new Timestamp[n];
      String[] types = new String[n];
      String[] json = new String[n];
      for (int i = 0; i < n; i++) {
        AuditRecord r = records.get(i);
        seqs[i] = r.seq();
        ts[i] = Timestamp.from(r.event().timestamp());
        types[i] = r.event().type();
        json[i] = r.json();
      }
      try (PreparedStatement st = c.prepareStatement(insert)) {
        Array a1 = c.createArrayOf("bigint", seqs);
        Array a2 = c.createArrayOf("timestamptz", ts);
        Array a3 = c.createArrayOf("text", types);
        Array a4 = c.createArrayOf("text", json);
        st.setArray(1, a1);
        st.setArray(2, a2);
        st.setArray(3, a3);
        st.setArray(4, a4);
        st.executeUpdate();
      }
      c.commit();
      head = at;
      return records;
    } catch (SQLException | RuntimeException e) {
      rollBack();
      if (e instanceof AuditException) {
        throw (AuditException) e;
      }
      String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : e.getClass().getSimpleName();
      throw new AuditException(Errors.jdbc("cannot append to " + table + " (SQL state " + state + ")"), e);
    }
  }

  private void rollBack() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException e) {
        LOG.debug("rollback failed; reopening the connection", e);
      }
      closeConnection();
    }
  }

  /** Closes (returns to its pool) the connection, with the isolation and auto-commit it came with. */
  private void closeConnection() {
    if (connection != null) {
      try {
        if (savedIsolation != Connection.TRANSACTION_READ_COMMITTED) {
          connection.setTransactionIsolation(savedIsolation);
        }
        connection.setAutoCommit(savedAutoCommit);
      } catch (SQLException e) {
        LOG.debug("cannot restore the audit connection's isolation or auto-commit", e);
      }
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("cannot close the audit connection", e);
      }
      connection = null;
    }
  }

  /**
   * Deletes the records before the newest genuine checkpoint record older than a cutoff, leaving
   * a trail that starts at that checkpoint and still verifies. Needs a maintenance role with {@code
   * DELETE} on the table (the runtime role has none); it takes the same advisory lock as writers.
   *
   * <p>The cut point is chosen from the MACed records, never from the plain {@code seq}, {@code
   * ts} and {@code type} columns, which the runtime role writes: a candidate row counts only when
   * its record parses, its {@code seq} and type match the columns, its MAC verifies under the ring
   * of {@code verifier}, its own timestamp is at or before the cutoff, and it continues from the
   * row just before it, if that row is still there ({@code from_seq} is that row's seq and {@code
   * from_mac} its mac). So a
   * forged checkpoint row, which a role with only {@code INSERT} could add, cannot make the purge
   * delete the trail; it is skipped with a warning, and at worst less is deleted.
   *
   * @param maintenance connections as a role allowed to delete from the table
   * @param cutoff records older than this may go
   * @param verifier a verifier over the key ring that MACed the trail
   * @return how many rows were deleted
   * @throws AuditException if the purge failed (then nothing was deleted)
   */
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public long purgeBefore(DataSource maintenance, Instant cutoff, AuditVerifier verifier) {
    Objects.requireNonNull(maintenance, "maintenance");
    Objects.requireNonNull(cutoff, "cutoff");
    Objects.requireNonNull(verifier, "verifier");
    try (Connection c = maintenance.getConnection()) {
      int isolation = c.getTransactionIsolation();
      boolean autoCommit = c.getAutoCommit();
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
          lock.setLong(1, lockKey);
          lock.execute();
        }
        long from = genuineCheckpointBefore(c, cutoff, verifier);
        long deleted = 0;
        if (from > 0) {
          try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE seq < ?")) {
            st.setLong(1, from);
            deleted = st.executeUpdate();
          }
        }
        c.commit();
        return deleted;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new AuditException(Errors.jdbc("cannot purge " + table + " (SQL state " + e.getSQLState() + ")"), e);
    }
  }

  /** How many of the newest candidate checkpoint rows the purge looks at before giving up. */
  private static final int PURGE_CANDIDATES = 64;

  /** The seq of the newest genuine checkpoint at or before the cutoff, or 0 if there is none. */
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  private long genuineCheckpointBefore(Connection c, Instant cutoff, AuditVerifier verifier) throws SQLException {
    try (PreparedStatement candidates =
            c.prepareStatement("SELECT seq, record FROM " + table + " WHERE type = ? AND ts <= ? ORDER BY seq DESC LIMIT " + PURGE_CANDIDATES);
        PreparedStatement before = c.prepareStatement("SELECT record FROM " + table + " WHERE seq = ?")) {
      candidates.setString(1, AuditRecord.CHECKPOINT_TYPE);
      candidates.setTimestamp(2, Timestamp.from(cutoff));
      try (ResultSet rs = candidates.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (isGenuineCheckpoint(seq, rs.getString(2), cutoff, verifier, before)) {
            return seq;
          }
          LOG.warn("audit table {}: the row at seq {} says it is a checkpoint but is not a genuine one; the purge does not cut there", table, seq);
        }
      }
    }
    return 0;
  }

  private static boolean isGenuineCheckpoint(long seq, String json, Instant cutoff, AuditVerifier verifier, PreparedStatement before)
      throws SQLException {
    AuditRecord r = AuditRecord.parse(json).orElse(null);
    if (r == null
        || r.seq() != seq
        || seq < 2
        || !r.event().type().equals(AuditRecord.CHECKPOINT_TYPE)
        || r.event().timestamp().isAfter(cutoff)
        || !verifier.isAuthentic(r)
        || !Long.valueOf(seq - 1).equals(r.event().attributes().get(ChainLinker.FROM_SEQ))
        || !r.prev().equals(r.event().attributes().get(ChainLinker.FROM_MAC))) {
      return false;
    }
    before.setLong(1, seq - 1);
    try (ResultSet rs = before.executeQuery()) {
      if (!rs.next()) {
        return true; // the trail already starts here (an earlier purge): a genuine cut point
      }
      AuditRecord previous = AuditRecord.parse(rs.getString(1)).orElse(null);
      return previous != null && previous.seq() == seq - 1 && previous.mac().equals(r.prev());
    }
  }

  @Override
  public void close() {
    closeConnection();
  }

  /** Names the table and head only. */
  @Override
  public String toString() {
    return "JdbcAuditSink[" + table + ", " + head + "]";
  }
}
