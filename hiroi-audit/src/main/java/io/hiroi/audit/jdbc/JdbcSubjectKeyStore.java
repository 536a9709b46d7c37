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
 * <p>Thread-safe: each call takes its own connection from the data source.
 */
public final class JdbcSubjectKeyStore implements SubjectKeyStore {
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
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public Optional<Entry> findByLookup(String lookup) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(selectByLookup)) {
      st.setString(1, Objects.requireNonNull(lookup, "lookup"));
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public Optional<String> findByRef(String ref) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(selectByRef)) {
      st.setString(1, Objects.requireNonNull(ref, "ref"));
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public Entry putIfAbsent(String lookup, Entry entry) {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(entry, "entry");
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement st = c.prepareStatement(insert)) {
        st.setString(1, lookup);
        st.setString(2, entry.ref());
        st.setString(3, entry.wrappedKey());
        st.executeUpdate();
      }
    } catch (SQLException e) {
      throw failure("insert into", e);
    }
    return findByLookup(lookup).orElseThrow(() -> new AuditException(Errors.jdbc("a subject key vanished from " + table + " right after its insert")));
  }

  @Override
  @SuppressFBWarnings(
      value = {"SQL_PREPARED_STATEMENT_GENERATED_FROM_NONCONSTANT_STRING", "SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier at build")
  public Optional<String> delete(String lookup) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(delete)) {
      st.setString(1, Objects.requireNonNull(lookup, "lookup"));
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("delete from", e);
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
