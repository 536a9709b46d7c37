package io.hiroi.audit;

import io.hiroi.audit.Verification.Reason;
import io.hiroi.audit.internal.ChainKeys;
import io.hiroi.audit.internal.Errors;
import io.hiroi.crypto.KeyRing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Properties;
import javax.crypto.Mac;
import javax.sql.DataSource;

/**
 * Checks a stored audit trail: every record's {@code mac} under the chain key of its {@code kid},
 * and every link ({@code seq} one more than the previous record's, {@code prev} equal to its
 * {@code mac}). A trail starts at {@code seq} 1 with {@code prev} = 64 {@code 0}s, or at a
 * checkpoint record ({@value AuditRecord#CHECKPOINT_TYPE}) naming the {@code seq} and {@code mac}
 * it continues from (DESIGN.md, "Audit records"). The result names the record count, or the
 * first broken {@code seq} and why: {@link Reason#CHANGED}, {@link Reason#DELETED}, {@link
 * Reason#INSERTED}, {@link Reason#REORDERED}, and, given a signed {@link HeadCheckpoint} kept apart
 * from the log, {@link Reason#TRUNCATED}.
 *
 * <p>Sources: lines in order ({@link #verify(Iterator, HeadCheckpoint)}), files in the order
 * given and directories as their rotated files in order ({@link #verifyPaths(List,
 * HeadCheckpoint)}), and a JDBC table in {@code seq} order ({@link #verifyTable(DataSource, String,
 * HeadCheckpoint)}, {@link #verifyTable(String, Properties, String, HeadCheckpoint)}). Records are
 * streamed; memory stays small for any trail length.
 *
 * <p>Immutable and thread-safe; share one instance. Each call uses its own {@link Mac}s.
 */
public final class AuditVerifier {
  private static final int LOOK_AHEAD = 1024;
  /** The look-ahead also stops at this many characters, so hostile long records cannot fill memory. */
  private static final long LOOK_AHEAD_CHARS = 8L * 1024 * 1024;

  private final ChainKeys keys;
  private final Clock clock;

  private AuditVerifier(ChainKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Creates a verifier for trails MACed under a key ring's key ids.
   *
   * @param keyRing the ring (every key id that MACed a record must still be in it)
   * @return the verifier
   */
  public static AuditVerifier create(KeyRing keyRing) {
    return create(keyRing, Clock.systemUTC());
  }

  /**
   * Creates a verifier whose checkpoints carry a given clock's time.
   *
   * @param keyRing the ring
   * @param clock the time of new checkpoints
   * @return the verifier
   */
  public static AuditVerifier create(KeyRing keyRing, Clock clock) {
    return new AuditVerifier(ChainKeys.of(Objects.requireNonNull(keyRing, "keyRing")), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Signs the head of a valid trail, to be kept apart from the log and given to a later check.
   *
   * @param verified a valid verification
   * @return the signed checkpoint, under the ring's primary key id
   * @throws IllegalArgumentException if the verification is not valid
   */
  public HeadCheckpoint checkpoint(Verification verified) {
    Objects.requireNonNull(verified, "verified");
    if (!verified.isValid()) {
      throw new IllegalArgumentException("only a valid trail's head can be checkpointed");
    }
    ChainHead head = verified.head().orElseThrow();
    HeadCheckpoint unsigned =
        new HeadCheckpoint(head.seq(), verified.count(), head.mac(), keys.primaryKeyId(), clock.instant().truncatedTo(ChronoUnit.MICROS), "");
    String sig = sign(unsigned);
    return new HeadCheckpoint(head.seq(), verified.count(), head.mac(), keys.primaryKeyId(), unsigned.createdAt(), sig);
  }

  private String sign(HeadCheckpoint cp) {
    Mac mac = keys.headMac(cp.keyId());
    return HexFormat.of().formatHex(mac.doFinal(cp.signedText().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Checks a checkpoint's signature.
   *
   * @param checkpoint a parsed checkpoint
   * @return whether it was signed under a key id of this ring
   */
  public boolean isAuthentic(HeadCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!keys.contains(checkpoint.keyId())) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(checkpoint).getBytes(StandardCharsets.US_ASCII), checkpoint.signature().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Checks one record on its own: its key id is in the ring and its MAC matches its content. This
   * says nothing about its place in the chain; {@link #verify} checks that.
   *
   * @param record a parsed record
   * @return whether it was MACed under a key id of this ring, unchanged
   */
  public boolean isAuthentic(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    if (!keys.contains(record.keyId())) {
      return false;
    }
    return MessageDigest.isEqual(
        RecordFormat.expectedMac(record, keys.mac(record.keyId())).getBytes(StandardCharsets.US_ASCII),
        record.mac().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Verifies records given as their stored JSON, in order.
   *
   * @param records the records' JSON texts
   * @param checkpoint a head checkpoint to check the end against, or {@code null}
   * @return the verification
   */
  public Verification verify(Iterator<String> records, HeadCheckpoint checkpoint) {
    Objects.requireNonNull(records, "records");
    if (checkpoint != null && !isAuthentic(checkpoint)) {
      return Verification.broken(0, Reason.BAD_CHECKPOINT, checkpoint.seq(), "the head checkpoint's signature does not verify");
    }
    try {
      return new Walk(records, checkpoint).run();
    } catch (UncheckedIOException e) {
      return Verification.broken(0, Reason.UNREADABLE, 0, "cannot read the trail: " + e.getCause().getClass().getSimpleName());
    }
  }

  /**
   * Verifies files and directories in the order given, the chain continuing across them; a
   * directory stands for its rotated {@link FileAuditSink} files in order.
   *
   * @param paths files of JSON Lines and directories written by {@link FileAuditSink}
   * @param checkpoint a head checkpoint to check the end against, or {@code null}
   * @return the verification
   */
  public Verification verifyPaths(List<Path> paths, HeadCheckpoint checkpoint) {
    List<Path> files = new ArrayList<>();
    for (Path p : Objects.requireNonNull(paths, "paths")) {
      if (Files.isDirectory(p)) {
        try {
          files.addAll(FileAuditSink.files(p));
        } catch (UncheckedIOException e) {
          return Verification.broken(0, Reason.UNREADABLE, 0, "cannot list " + p);
        }
      } else {
        files.add(p);
      }
    }
    for (Path f : files) {
      if (!Files.isReadable(f)) {
        return Verification.broken(0, Reason.UNREADABLE, 0, "cannot read " + f);
      }
    }
    try (FileLines lines = new FileLines(files)) {
      return verify(lines, checkpoint);
    }
  }

  /**
   * Verifies a directory written by {@link FileAuditSink}.
   *
   * @param directory the directory
   * @param checkpoint a head checkpoint to check the end against, or {@code null}
   * @return the verification
   */
  public Verification verifyDirectory(Path directory, HeadCheckpoint checkpoint) {
    return verifyPaths(List.of(directory), checkpoint);
  }

  /**
   * Verifies a table written by {@link io.hiroi.audit.jdbc.JdbcAuditSink}, in {@code seq} order.
   *
   * @param dataSource where the table is
   * @param table the table name, optionally schema-qualified ({@code [a-z_][a-z0-9_]*})
   * @param checkpoint a head checkpoint to check the end against, or {@code null}
   * @return the verification
   * @throws IllegalArgumentException if the table name is not an identifier
   */
  public Verification verifyTable(DataSource dataSource, String table, HeadCheckpoint checkpoint) {
    Objects.requireNonNull(dataSource, "dataSource");
    String sql = selectAll(table);
    try (Connection c = dataSource.getConnection()) {
      return verifyTable(c, sql, checkpoint);
    } catch (SQLException e) {
      return Verification.broken(0, Reason.UNREADABLE, 0, "cannot read table " + table + ": SQL state " + e.getSQLState());
    }
  }

  /**
   * Verifies a table through a JDBC URL (for the command line).
   *
   * @param jdbcUrl the JDBC URL
   * @param properties connection properties ({@code user}, {@code password}), may be empty
   * @param table the table name, optionally schema-qualified
   * @param checkpoint a head checkpoint to check the end against, or {@code null}
   * @return the verification
   * @throws IllegalArgumentException if the table name is not an identifier
   */
  public Verification verifyTable(String jdbcUrl, Properties properties, String table, HeadCheckpoint checkpoint) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    String sql = selectAll(table);
    try (Connection c = DriverManager.getConnection(jdbcUrl, properties == null ? new Properties() : properties)) {
      return verifyTable(c, sql, checkpoint);
    } catch (SQLException e) {
      return Verification.broken(0, Reason.UNREADABLE, 0, "cannot read table " + table + ": SQL state " + e.getSQLState());
    }
  }

  static String selectAll(String table) {
    return "SELECT record FROM " + io.hiroi.audit.jdbc.JdbcAuditSink.checkTable(table) + " ORDER BY seq";
  }

  @io.hiroi.audit.internal.SuppressFBWarnings(
      value = {"SQL_INJECTION_JDBC"},
      justification = "the only variable part is the table name, checked to be an SQL identifier")
  private Verification verifyTable(Connection c, String sql, HeadCheckpoint checkpoint) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    boolean readOnly = c.isReadOnly();
    c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
    c.setReadOnly(true);
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setFetchSize(1000);
      try (ResultSet rs = st.executeQuery()) {
        Iterator<String> rows =
            new Iterator<>() {
              private Boolean ready;

              @Override
              public boolean hasNext() {
                if (ready == null) {
                  try {
                    ready = rs.next();
                  } catch (SQLException e) {
                    throw new UncheckedIOException(new IOException("SQL state " + e.getSQLState(), e));
                  }
                }
                return ready;
              }

              @Override
              public String next() {
                if (!hasNext()) {
                  throw new NoSuchElementException();
                }
                ready = null;
                try {
                  return rs.getString(1);
                } catch (SQLException e) {
                  throw new UncheckedIOException(new IOException("SQL state " + e.getSQLState(), e));
                }
              }
            };
        return verify(rows, checkpoint);
      }
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
      c.setReadOnly(readOnly);
    }
  }

  /** One pass over a trail. Confined to the calling thread. */
  private final class Walk {
    private final Iterator<String> lines;
    private final HeadCheckpoint checkpoint;
    private final Map<Integer, Mac> macs = new HashMap<>();
    private long count;
    private long expected;
    private String prevMac;
    private long firstSeq;
    private boolean fromCheckpoint;
    private boolean checkpointConfirmed;

    Walk(Iterator<String> lines, HeadCheckpoint checkpoint) {
      this.lines = lines;
      this.checkpoint = checkpoint;
    }

    private boolean macOk(AuditRecord r) {
      Mac mac = macs.computeIfAbsent(r.keyId(), keys::mac);
      return MessageDigest.isEqual(
          RecordFormat.expectedMac(r, mac).getBytes(StandardCharsets.US_ASCII), r.mac().getBytes(StandardCharsets.US_ASCII));
    }

    Verification run() {
      while (lines.hasNext()) {
        String line = lines.next();
        AuditRecord r;
        try {
          r = RecordFormat.parse(line);
        } catch (RecordFormat.MalformedRecordException e) {
          return Verification.broken(count, Reason.MALFORMED, count == 0 ? 1 : expected, "record " + (count + 1) + " of the trail: " + e.getMessage());
        }
        if (!keys.contains(r.keyId())) {
          return Verification.broken(count, Reason.UNKNOWN_KEY, r.seq(), Errors.unknownKeyId(r.keyId()));
        }
        boolean ok = macOk(r);
        if (count == 0) {
          Verification start = start(r, ok);
          if (start != null) {
            return start;
          }
        } else if (!ok || r.seq() != expected || !r.prev().equals(prevMac)) {
          return classify(r, ok);
        }
        if (checkpoint != null && r.seq() == checkpoint.seq()) {
          if (!r.mac().equals(checkpoint.mac())) {
            return Verification.broken(count, Reason.CHANGED, r.seq(), "the record at the head checkpoint's seq is not the one it signed");
          }
          checkpointConfirmed = true;
        }
        count++;
        expected = r.seq() + 1;
        prevMac = r.mac();
      }
      if (count == 0) {
        if (checkpoint != null && checkpoint.seq() > 0) {
          return Verification.broken(0, Reason.TRUNCATED, 1, "the trail is empty but the head checkpoint has seq " + checkpoint.seq());
        }
        return Verification.valid(0, 0, false, ChainHead.GENESIS);
      }
      if (checkpoint != null && expected - 1 < checkpoint.seq()) {
        return Verification.broken(count, Reason.TRUNCATED, expected,
            "the trail ends at seq " + (expected - 1) + " but the head checkpoint has seq " + checkpoint.seq());
      }
      if (checkpoint != null && checkpoint.seq() > 0 && !checkpointConfirmed) {
        return Verification.broken(count, Reason.UNCONFIRMED, firstSeq,
            "the trail starts at seq " + firstSeq + ", after the head checkpoint's seq " + checkpoint.seq()
                + ", and does not continue from the record it signed");
      }
      return Verification.valid(count, firstSeq, fromCheckpoint, ChainHead.of(expected - 1, prevMac));
    }

    private Verification start(AuditRecord r, boolean ok) {
      if (!ok) {
        return Verification.broken(0, Reason.CHANGED, r.seq(), "the first record's mac does not match its content");
      }
      if (r.seq() == 1 && r.prev().equals(RecordFormat.ZERO_MAC)) {
        firstSeq = 1;
        return null;
      }
      Object fromSeq = r.event().attributes().get(ChainLinker.FROM_SEQ);
      Object fromMac = r.event().attributes().get(ChainLinker.FROM_MAC);
      if (r.event().type().equals(AuditRecord.CHECKPOINT_TYPE)
          && Long.valueOf(r.seq() - 1).equals(fromSeq)
          && r.prev().equals(fromMac)) {
        firstSeq = r.seq();
        fromCheckpoint = true;
        // A trail that starts right after the checkpointed record, from its very mac, confirms it.
        checkpointConfirmed = checkpoint != null && r.seq() - 1 == checkpoint.seq() && r.prev().equals(checkpoint.mac());
        return null;
      }
      return Verification.broken(0, Reason.DELETED, 1,
          "the trail starts at seq " + r.seq() + ", neither at seq 1 nor at a checkpoint record");
    }

    /** Names the break, reading ahead a little to tell deletions, insertions and reorderings apart. */
    private Verification classify(AuditRecord r, boolean ok) {
      List<AuditRecord> ahead = new ArrayList<>();
      long chars = 0;
      while (ahead.size() < LOOK_AHEAD && chars < LOOK_AHEAD_CHARS && lines.hasNext()) {
        try {
          String line = lines.next();
          chars += line.length();
          ahead.add(RecordFormat.parse(line));
        } catch (RecordFormat.MalformedRecordException e) {
          break;
        }
      }
      AuditRecord next = ahead.isEmpty() ? null : ahead.get(0);
      boolean nextContinues =
          next != null && next.seq() == expected && next.prev().equals(prevMac) && keys.contains(next.keyId()) && macOk(next);
      if (!ok) {
        if (nextContinues) {
          return Verification.broken(count, Reason.INSERTED, expected, "a record that does not verify stands before seq " + expected);
        }
        return Verification.broken(count, Reason.CHANGED, r.seq(), "the mac does not match the record's content");
      }
      if (r.seq() > expected) {
        for (AuditRecord a : ahead) {
          if (a.seq() == expected) {
            return Verification.broken(count, Reason.REORDERED, expected, "seq " + r.seq() + " comes before seq " + expected);
          }
        }
        return Verification.broken(count, Reason.DELETED, expected,
            r.seq() == expected + 1 ? "seq " + expected + " is missing" : "seq " + expected + " to " + (r.seq() - 1) + " are missing");
      }
      if (r.seq() < expected) {
        if (nextContinues) {
          return Verification.broken(count, Reason.INSERTED, expected, "a copy of seq " + r.seq() + " stands before seq " + expected);
        }
        return Verification.broken(count, Reason.REORDERED, r.seq(), "seq " + r.seq() + " comes after seq " + (expected - 1));
      }
      return Verification.broken(count, Reason.CHANGED, expected - 1, "seq " + expected + " does not link to the record before it");
    }
  }

  /** The lines of files in order; a closed reader per finished file. */
  private static final class FileLines implements Iterator<String>, AutoCloseable {
    private final Iterator<Path> files;
    private BufferedReader reader;
    private String next;

    FileLines(List<Path> files) {
      this.files = files.iterator();
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (reader == null) {
            if (!files.hasNext()) {
              return false;
            }
            reader = Files.newBufferedReader(files.next(), StandardCharsets.UTF_8);
          }
          next = RecordFormat.readLine(reader);
          if (next == null) {
            reader.close();
            reader = null;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = next;
      next = null;
      return line;
    }

    @Override
    public void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          // Reading is over; nothing was written.
        }
      }
    }
  }

  @Override
  public String toString() {
    return "AuditVerifier[" + keys + "]";
  }
}
