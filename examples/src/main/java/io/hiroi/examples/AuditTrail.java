package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditRecord;
import io.hiroi.audit.AuditVerifier;
import io.hiroi.audit.FileAuditSink;
import io.hiroi.audit.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Reads the newest audit records back for the audit page and verifies the whole chain, from the
 * file sink's directory or the JDBC sink's table. Thread-safe.
 */
abstract class AuditTrail {
  /** How many of the newest records {@link #newest(int, Predicate)} reads at most to find the ones it keeps. */
  static final int SCANNED = 5000;

  abstract List<AuditRecord> newest(int limit);

  /** The newest records that {@code keep} accepts, newest first: at most {@code limit}, among the newest {@link #SCANNED}. */
  List<AuditRecord> newest(int limit, Predicate<AuditEvent> keep) {
    List<AuditRecord> kept = new ArrayList<>();
    for (AuditRecord r : newest(SCANNED)) {
      if (kept.size() == limit) {
        break;
      }
      if (keep.test(r.event())) {
        kept.add(r);
      }
    }
    return List.copyOf(kept);
  }

  abstract Verification verify(AuditVerifier verifier);

  static AuditTrail directory(Path dir) {
    return new AuditTrail() {
      @Override
      List<AuditRecord> newest(int limit) {
        Deque<AuditRecord> newest = new ArrayDeque<>();
        List<Path> files = Files.isDirectory(dir) ? FileAuditSink.files(dir) : List.of();
        for (int i = files.size() - 1; i >= 0 && newest.size() < limit; i--) {
          List<String> lines;
          try {
            lines = Files.readAllLines(files.get(i), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file " + files.get(i).getFileName(), e);
          }
          for (int j = lines.size() - 1; j >= 0 && newest.size() < limit; j--) {
            AuditRecord.parse(lines.get(j)).ifPresent(newest::addLast);
          }
        }
        return List.copyOf(newest);
      }

      @Override
      Verification verify(AuditVerifier verifier) {
        return verifier.verifyDirectory(dir, null);
      }
    };
  }

  private static final String NEWEST_SQL = "SELECT record FROM " + Backends.AUDIT_TABLE + " ORDER BY seq DESC LIMIT ?";

  /** The JDBC sink's table {@link Backends#AUDIT_TABLE}. */
  static AuditTrail table(DataSource dataSource) {
    return new AuditTrail() {
      @Override
      List<AuditRecord> newest(int limit) {
        List<AuditRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(NEWEST_SQL)) {
          s.setInt(1, limit);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              Optional<AuditRecord> r = AuditRecord.parse(rs.getString(1));
              r.ifPresent(out::add);
            }
          }
        } catch (SQLException e) {
          throw new IllegalStateException("cannot read the audit table (SQL state " + e.getSQLState() + ")", e);
        }
        return List.copyOf(out);
      }

      @Override
      Verification verify(AuditVerifier verifier) {
        return verifier.verifyTable(dataSource, Backends.AUDIT_TABLE, null);
      }
    };
  }
}
