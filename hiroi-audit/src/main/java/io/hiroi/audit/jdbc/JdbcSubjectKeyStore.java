package io.hiroi.audit.jdbc;

import io.hiroi.audit.AuditException;
import io.hiroi.audit.SubjectKeyStore;
import io.hiroi.audit.internal.Errors;
import io.hiroi.audit.internal.SuppressFBWarnings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL {@link SubjectKeyStore} for {@link io.hiroi.audit.PiiProtector}, shared by every
 * replica:
 *
 * <pre>{@code
 * CREATE TABLE audit_subject_keys (
 *   lookup      text PRIMARY KEY,      -- HMAC of the subject id, never the id itself
 *   ref         text NOT NULL UNIQUE,  -- the pseudonym that audit records carry
 *   wrapped_key text NOT NULL          -- the subject key, encrypted under the key ring
 * );
 * GRANT SELECT, INSERT, DELETE ON audit_subject_keys TO hiroi_audit_writer;
 * }</pre>
 *
 * <p>{@link #putIfAbsent} is {@code INSERT ... ON CONFLICT (lookup) DO NOTHING} followed by a read,
 * so concurrent first uses of one subject on several replicas agree on one key. {@link #delete} is
 * a {@code DELETE}: the row is gone for every reader at once, but PostgreSQL keeps its bytes in
 * dead tuples until {@code VACUUM}, in the WAL until it is recycled, and in every backup taken
 * before; erasure is complete once those have expired, so keep this table's backups on a shorter
 * retention than the audit trail's.
 *
 * <p>Works whatever the data source's auto-commit: {@link #putIfAbsent} and {@link #delete} run
 * each in an explicit transaction that is committed before they return (so a {@code true} from
 * {@link io.hiroi.audit.PiiProtector#erase erase} means the row is gone), reads end theirs, and
 * each connection goes back with the auto-commit it came with. Those commits are durable as {@link
 * JdbcAuditSink}'s are: where the role, database or server runs with {@code synchronous_commit=off},
 * each write's transaction raises it to {@code on} (for that transaction only), so that a crash
 * cannot bring back a key whose erasure the trail records, nor lose one the trail refers to.
 *
 * <p>Thread-safe: each call takes its own connection from the data source.
 */
public final class JdbcSubjectKeyStore implements SubjectKeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSubjectKeyStore.class);

  private final DataSource dataSource;
  private final String table;
  private final String selectByLookup;
  private final String selectByRef;
  private final String insert;
  private final String delete;

  private JdbcSubjectKeyStore(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
    this.selectByLookup = "SELECT ref, wrapped_key FROM " + table + " WHERE lookup = ?";
    this.selectByRef = "SELECT wrapped_key FROM " + table + " WHERE ref = ?";
    this.insert = "INSERT INTO " + table + " (lookup, ref, wrapped_key) VALUES (?, ?, ?) ON CONFLICT (lookup) DO NOTHING";
    this.delete = "DELETE FROM " + table + " WHERE lookup = ? RETURNING ref";
  }

  /**
   * Opens the store on a table (see the class comment for its DDL).
   *
   * @param dataSource connections as a role with {@code SELECT, INSERT, DELETE} on the table
   * @param table the table, optionally schema-qualified: lower-case SQL identifiers
   * @return the store
   * @throws IllegalArgumentException if the table name is not an identifier
   */
  public static JdbcSubjectKeyStore create(DataSource dataSource, String table) {
    return new JdbcSubjectKeyStore(Objects.requireNonNull(dataSource, "dataSource"), JdbcAuditSink.checkTable(table));
  }

  /**
   * The DDL of the table and its runtime grant.
   *
   * @param table the table name
   * @param runtimeRole the role the application connects as
   * @return SQL statements separated by {@code ;}
   * @throws IllegalArgumentException if a name is not an identifier
   */
  public static String ddl(String table, String runtimeRole) {
    JdbcAuditSink.ddl(table, runtimeRole); // checks both names
    return "CREATE TABLE " + table + " (\n"
        + "  lookup      text PRIMARY KEY,\n"
        + "  ref         text NOT NULL UNIQUE,\n"
        + "  wrapped_key text NOT NULL\n"
        + ");\n"
        + "GRANT SELECT, INSERT, DELETE ON " + table + " TO " + runtimeRole + ";\n";
  }

  @Override
  public Optional<Entry> findByLookup(String lookup) {
    Objects.requireNonNull(lookup, "lookup");
    return run("read", false, selectByLookup, st -> {
      st.setString(1, lookup);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    });
  }

  @Override
  public Optional<String> findByRef(String ref) {
    Objects.requireNonNull(ref, "ref");
    return run("read", false, selectByRef, st -> {
      st.setString(1, ref);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }

  @Override
  public Entry putIfAbsent(String lookup, Entry entry) {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(entry, "entry");
    run("insert into", true, insert, st -> {
      st.setString(1, lookup);
      st.setString(2, entry.ref());
      st.setString(3, entry.wrappedKey());
      return st.executeUpdate();
    });
    return findByLookup(lookup).orElseThrow(() -> new AuditException(Errors.jdbc("a subject key vanished from " + table + " right after its insert")));
  }

  @Override
  public Optional<String> delete(String lookup) {
    Objects.requireNonNull(lookup, "lookup");
    return run("delete from", true, delete, st -> {
      st.setString(1, lookup);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }

  /**
   * Raises {@code synchronous_commit=off} to {@code on} for the current transaction only, so its
   * {@code COMMIT} returns once the WAL is flushed; {@code local}, {@code on} and the remote levels
   * are kept. {@link JdbcAuditSink} runs it in the same round trip as its batch lock.
   */
  static final String DURABLE_COMMIT =
      "SELECT CASE WHEN current_setting('synchronous_commit') = 'off'"
          + " THEN set_config('synchronous_commit', 'on', true) END";

  /** One statement's work. */
  private interface Work<T> {
    T on(PreparedStatement st) throws SQLException;
  }

  /**
   * Runs one statement on a connection of its own. A write runs in an explicit transaction
   * committed before this returns, whatever the connection's auto-commit, and durably ({@link
   * #DURABLE_COMMIT}); a read on a connection
   * without auto-commit ends its transaction. The connection goes back with the auto-commit it
   * came with.
   */
  @SuppressFBWarnings(
      value = "SQL_INJECTION_JDBC",
      justification = "sql is one of this store's four statements, whose only variable part is the table name, checked to be an SQL identifier at build")
  private <T> T run(String what, boolean write, String sql, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && !write) {
        try (PreparedStatement st = c.prepareStatement(sql)) {
          return work.on(st);
        }
      }
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      boolean ended = false;
      try {
        T result;
        if (write) {
          try (PreparedStatement durable = c.prepareStatement(DURABLE_COMMIT)) {
            durable.execute();
          }
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
          result = work.on(st);
        }
        c.commit();
        ended = true;
        return result;
      } finally {
        if (!ended) {
          rollBackQuietly(c);
        }
        if (autoCommit) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static void rollBackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  private AuditException failure(String what, SQLException e) {
    return new AuditException(Errors.jdbc("cannot " + what + " " + table + " (SQL state " + e.getSQLState() + ")"), e);
  }

  /** Names the table only. */
  @Override
  public String toString() {
    return "JdbcSubjectKeyStore[" + table + "]";
  }
}
