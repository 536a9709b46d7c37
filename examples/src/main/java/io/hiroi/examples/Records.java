package io.hiroi.examples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where the app's own repositories ({@link Accounts}, {@link UserFactors}, {@link ApiKeyRegistry},
 * {@link ConnectedAccounts})
 * keep their records beyond the process: nowhere (the default: memory only), or one PostgreSQL
 * table, {@value #TABLE}, of {@code (kind, id, value)} rows, value a small JSON document. The
 * repositories load every row of their kinds at start and write each change through before they
 * change memory, so a restarted app on the same database knows its users. One app instance per
 * database: a second one would not see the first one's later changes. What is stored holds no
 * secret in the clear: password hashes, TOTP envelopes, passkey public keys, API key HMACs, credential envelopes.
 * Thread-safe.
 */
interface Records {
  String TABLE = "hiroi_example_records";

  /** Stores or replaces one record. */
  void put(String kind, String id, String json);

  /** Deletes one record, if present. */
  void delete(String kind, String id);

  /** Every record of a kind, as stored. */
  List<String> all(String kind);

  /** Keeps nothing: the repositories' memory is all there is. */
  static Records none() {
    return new Records() {
      @Override
      public void put(String kind, String id, String json) {}

      @Override
      public void delete(String kind, String id) {}

      @Override
      public List<String> all(String kind) {
        return List.of();
      }
    };
  }

  /** The PostgreSQL table (created when missing). */
  static Records table(DataSource dataSource) {
    return new Jdbc(dataSource);
  }

  /** {@link Records} in one table; every call is one statement on its own connection. */
  final class Jdbc implements Records {
    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind text NOT NULL, id text NOT NULL, value text NOT NULL, PRIMARY KEY (kind, id))");
      } catch (SQLException e) {
        throw failure("create", e);
      }
    }

    @Override
    public void put(String kind, String id, String json) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (kind, id, value) VALUES (?, ?, ?) "
              + "ON CONFLICT (kind, id) DO UPDATE SET value = EXCLUDED.value")) {
        s.setString(1, kind);
        s.setString(2, id);
        s.setString(3, json);
        s.executeUpdate();
      } catch (SQLException e) {
        throw failure("write", e);
      }
    }

    @Override
    public void delete(String kind, String id) {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE kind = ? AND id = ?")) {
        s.setString(1, kind);
        s.setString(2, id);
        s.executeUpdate();
      } catch (SQLException e) {
        throw failure("delete", e);
      }
    }

    @Override
    public List<String> all(String kind) {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT value FROM " + TABLE + " WHERE kind = ? ORDER BY id")) {
        s.setString(1, kind);
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(r.getString(1));
          }
        }
        return out;
      } catch (SQLException e) {
        throw failure("read", e);
      }
    }

    private static IllegalStateException failure(String what, SQLException e) {
      return new IllegalStateException("cannot " + what + " the table " + TABLE + " (SQL state " + e.getSQLState() + ")", e);
    }
  }
}
