package io.hiroi.audit;

import io.hiroi.audit.internal.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON Lines sink: one record per line (its RFC 8785 canonical JSON, DESIGN.md "Audit
 * records"), appended to files {@code audit-<first seq, 20 digits>-<yyyyMMdd>.jsonl} in one
 * directory, so that names sort in chain order. Each batch is written with one {@code write} and
 * made durable with one {@link FileChannel#force(boolean) FileChannel.force} (fdatasync), so many
 * events share one sync (group commit).
 *
 * <p>A new file is started when the current one reaches {@link Builder#maxFileBytes(long)} or the
 * UTC day changes; its first record is a checkpoint record ({@value AuditRecord#CHECKPOINT_TYPE})
 * continuing the chain, so the chain runs across files and a file read on its own, or the trail
 * left after {@link #purgeBefore} deleted old files, still verifies.
 *
 * <p>On open, the sink takes an exclusive lock ({@code audit.lock}; a second writer on the same
 * directory fails), reads the tail of the newest file and recovers the chain head from its last
 * line. A last line without its line end is a write torn by a crash (never acknowledged, since a
 * batch is acknowledged only after its line ends are synced): it is reported ({@link
 * #recovery()}, and a warning naming the file and byte count) and only those bytes are cut off. A
 * complete last line that is not a record is corruption, not a torn write: opening fails.
 *
 * <p><b>Owner-only files.</b> Records hold ips, actors and user agents, so on a POSIX file system
 * the sink creates the directory {@code rwx------}, and {@code audit.lock} and every record file
 * {@code rw-------}, whatever the umask. It refuses to open an existing directory that its group
 * or others may write (they could delete or replace files: {@code chmod go-w} it, or better
 * {@code chmod 700}), and warns when they may read or enter it; it never changes the permissions
 * of a directory or file it did not create.
 *
 * <p>Thread-safe for {@link #head()}; {@link #append} is called by one {@link AuditLog} writer
 * thread. Create one per directory and process.
 */
public final class FileAuditSink implements AuditSink {
  /** The default size at which a new file is started: 64 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  static final Pattern FILE_NAME = Pattern.compile("audit-(\\d{20})-(\\d{8})\\.jsonl");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Logger LOG = LoggerFactory.getLogger(FileAuditSink.class);
  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<OpenOption> CREATE_LOCK = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  private static final Set<OpenOption> CREATE_RECORDS =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
  private static final Set<OpenOption> WRITE_RECORDS = Set.of(StandardOpenOption.WRITE, StandardOpenOption.READ);

  private final Path directory;
  private final Clock clock;
  private final long maxFileBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Recovery recovery;
  private FileChannel channel;
  private Path file;
  private LocalDate fileDay;
  private volatile long size; // written by the writer thread only; volatile for atomic 64-bit writes
  private volatile ChainHead head;

  /** Opens the files records are written to; a test replaces it to inject I/O faults. */
  interface Channels {
    FileChannel open(Path file, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException;
  }

  private final Channels channels;
  /** What new files are created with: owner-only permissions where the file system has them. */
  private final FileAttribute<?>[] fileAttributes;
  /** Set when a failed batch could not be cut off: the file may hold unacknowledged bytes. */
  private volatile boolean rollbackFailed;

  private FileAuditSink(Builder b) {
    this.directory = b.directory;
    this.channels = b.channels;
    this.clock = b.clock;
    this.maxFileBytes = b.maxFileBytes;
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.fileAttributes =
        posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    FileChannel lc = null;
    FileLock l;
    try {
      createDirectory(directory, posix);
      if (posix) {
        checkPermissions(directory);
      }
      lc = FileChannel.open(directory.resolve("audit.lock"), CREATE_LOCK, fileAttributes);
      try {
        l = lc.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        throw new AuditException(Errors.fileLocked(directory.toString()));
      }
    } catch (IOException e) {
      closeQuietly(lc);
      throw new AuditException(Errors.sinkIo("cannot lock " + directory), e);
    } catch (AuditException e) {
      closeQuietly(lc);
      throw e;
    }
    this.lockChannel = lc;
    this.lock = l;
    try {
      this.recovery = recover();
    } catch (IOException e) {
      close();
      throw new AuditException(Errors.sinkIo("cannot recover the chain in " + directory), e);
    } catch (RuntimeException e) {
      close(); // never leave the lock held by a sink that was not built
      throw e;
    }
  }

  /** Creates a missing directory owner-only (its missing parents as the umask says). */
  private static void createDirectory(Path directory, boolean posix) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (posix) {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      } else {
        Files.createDirectory(directory);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(directory)) {
        throw e;
      }
    }
  }

  /** Refuses a directory that group or others may write; warns when they may read or enter it. */
  private static void checkPermissions(Path directory) throws IOException {
    Set<PosixFilePermission> p = Files.getPosixFilePermissions(directory);
    String text = PosixFilePermissions.toString(p);
    if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new AuditException(Errors.directoryWritableByOthers(directory.toString(), text));
    }
    if (!OWNER_DIRECTORY.containsAll(p)) {
      LOG.warn("audit directory {} is {}: its group or others may read the records (ips, actors, user agents); chmod 700 it", directory, text);
    }
  }

  /**
   * Starts configuring a sink writing into a directory (created if missing, {@code rwx------} on
   * POSIX file systems).
   *
   * @param directory the directory of the audit files
   * @return a new builder
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** What opening found. Immutable and thread-safe. */
  public static final class Recovery {
    private final ChainHead head;
    private final Path file;
    private final long tornBytes;

    Recovery(ChainHead head, Path file, long tornBytes) {
      this.head = head;
      this.file = file;
      this.tornBytes = tornBytes;
    }

    /**
     * Returns the head recovered from the newest file.
     *
     * @return the head, {@link ChainHead#GENESIS} for an empty directory
     */
    public ChainHead head() {
      return head;
    }

    /**
     * Returns the newest file found.
     *
     * @return the file, if any
     */
    public Optional<Path> file() {
      return Optional.ofNullable(file);
    }

    /**
     * Returns how many bytes of a torn last line were cut off.
     *
     * @return 0 when the file ended with a complete line
     */
    public long tornBytes() {
      return tornBytes;
    }

    @Override
    public String toString() {
      return "Recovery[" + head + ", file=" + file + ", tornBytes=" + tornBytes + "]";
    }
  }

  /**
   * Returns what opening found: the head and whether a torn last line was cut off.
   *
   * @return the recovery report
   */
  public Recovery recovery() {
    return recovery;
  }

  @Override
  public ChainHead head() {
    return head;
  }

  /**
   * Lists a directory's audit files in chain order.
   *
   * @param directory a directory written by this sink
   * @return the files, sorted by name (= by first seq)
   * @throws java.io.UncheckedIOException if the directory cannot be listed
   */
  public static List<Path> files(Path directory) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "audit-*.jsonl")) {
      for (Path p : stream) {
        if (FILE_NAME.matcher(String.valueOf(p.getFileName())).matches()) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    files.sort((a, b) -> String.valueOf(a.getFileName()).compareTo(String.valueOf(b.getFileName())));
    return files;
  }

  private Recovery recover() throws IOException {
    List<Path> files = files(directory);
    ChainHead found = ChainHead.GENESIS;
    long torn = 0;
    Path newest = null;
    for (int i = files.size() - 1; i >= 0; i--) {
      Path f = files.get(i);
      if (newest == null) {
        newest = f;
      }
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long length = ch.size();
        long end = lastLineEnd(ch, length);
        if (end < length) {
          torn += length - end;
          LOG.warn("audit file {} ends with a torn line of {} bytes (a crash mid-write); cutting it off", f, length - end);
          ch.truncate(end);
          ch.force(true);
        }
        if (end == 0) {
          continue; // empty (or only a torn line): the chain stands in the previous file
        }
        String line = lastLine(ch, end);
        try {
          found = RecordFormat.parse(line).head();
        } catch (RecordFormat.MalformedRecordException e) {
          throw new AuditException(Errors.tailUnreadable(f.toString()), e);
        }
        break;
      }
    }
    head = found;
    if (newest != null) {
      openFile(newest);
    }
    return new Recovery(found, newest, torn);
  }

  /** The offset just past the last '\n', 0 if none. */
  private static long lastLineEnd(FileChannel ch, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long pos = length;
    while (pos > 0) {
      int n = (int) Math.min(buf.capacity(), pos);
      buf.clear().limit(n);
      readFully(ch, buf, pos - n);
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return pos - n + i + 1;
        }
      }
      pos -= n;
    }
    return 0;
  }

  /** The complete line ending at {@code end} (exclusive of its '\n'). */
  private static String lastLine(FileChannel ch, long end) throws IOException {
    long start = end - 1;
    long limit = Math.max(0, end - 1 - RecordFormat.MAX_RECORD_CHARS * 4L);
    ByteBuffer one = ByteBuffer.allocate(8192);
    long pos = end - 1;
    outer:
    while (pos > limit) {
      int n = (int) Math.min(one.capacity(), pos - limit);
      one.clear().limit(n);
      readFully(ch, one, pos - n);
      for (int i = n - 1; i >= 0; i--) {
        if (one.get(i) == '\n') {
          start = pos - n + i + 1;
          break outer;
        }
      }
      pos -= n;
      start = pos;
    }
    if (end - 1 - start > RecordFormat.MAX_RECORD_CHARS * 4L) {
      throw new AuditException(Errors.tailUnreadable("(line longer than a record may be)"));
    }
    ByteBuffer line = ByteBuffer.allocate((int) (end - 1 - start));
    readFully(ch, line, start);
    return new String(line.array(), StandardCharsets.UTF_8);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long p = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, p);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      p += n;
    }
  }

  private void openFile(Path f) throws IOException {
    channel = channels.open(f, WRITE_RECORDS);
    file = f;
    size = channel.size();
    Matcher m = FILE_NAME.matcher(String.valueOf(f.getFileName()));
    if (!m.matches()) {
      throw new AssertionError("audit file name does not match its own pattern");
    }
    fileDay = LocalDate.parse(m.group(2), DAY);
  }

  private void startFile(long firstSeq, LocalDate day) throws IOException {
    // Locale.ROOT: under a default locale with other digits (ar-EG, fa-IR) %d would write names
    // that FILE_NAME, files() and recovery never match.
    Path f = directory.resolve(String.format(Locale.ROOT, "audit-%020d-%s.jsonl", firstSeq, DAY.format(day)));
    FileChannel ch = channels.open(f, CREATE_RECORDS, fileAttributes);
    FileChannel old = channel;
    channel = ch;
    file = f;
    size = 0;
    fileDay = day;
    closeQuietly(old);
    syncDirectory();
  }

  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the file's own force still holds its content.
      LOG.debug("cannot sync directory {}", directory, e);
    }
  }

  @Override
  public List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(linker, "linker");
    if (rollbackFailed) {
      // A shorter next batch would leave the failed one's tail behind it: a file that is half old,
      // half new. Reopening the directory recovers the chain from what the file really holds.
      throw new AuditException(Errors.sinkIo("a failed batch could not be cut off " + file + "; reopen the sink"));
    }
    ChainHead at = head;
    List<AuditRecord> records = new ArrayList<>(events.size() + 1);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    long before = size;
    try {
      if (channel == null || size >= maxFileBytes || !today.equals(fileDay)) {
        if (channel == null || size > 0) {
          startFile(at.seq() + 1, today);
          before = 0;
        }
      }
      if (size == 0 && at.seq() > 0) {
        AuditRecord checkpoint = linker.checkpoint(at);
        records.add(checkpoint);
        at = checkpoint.head();
      }
      for (AuditEvent e : events) {
        AuditRecord r = linker.link(at, e);
        records.add(r);
        at = r.head();
      }
      StringBuilder text = new StringBuilder(records.size() * 400);
      for (AuditRecord r : records) {
        text.append(r.json()).append('\n');
      }
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      long pos = size;
      while (bytes.hasRemaining()) {
        pos += channel.write(bytes, pos);
      }
      channel.force(false);
      size = pos;
      head = at;
      return records;
    } catch (IOException | RuntimeException e) {
      rollBack(before);
      throw e instanceof AuditException
          ? (AuditException) e
          : new AuditException(Errors.sinkIo("cannot append to " + file), e);
    }
  }

  /** Cuts a failed batch's bytes off, so the file ends at the last acknowledged record. */
  private void rollBack(long length) {
    if (channel == null) {
      return;
    }
    try {
      if (channel.size() > length) {
        channel.truncate(length);
        channel.force(false);
      }
      size = length;
    } catch (IOException e) {
      rollbackFailed = true;
      LOG.error("cannot cut a failed batch off {}; the sink refuses to append until it is reopened", file, e);
    }
  }

  /**
   * Deletes whole files whose records are all older than a cutoff, keeping the newest file and the
   * chain verifiable: every file after the first starts with a checkpoint record, so the oldest
   * file left starts the remaining trail. Call it from one maintenance thread; it never touches
   * the file being written.
   *
   * @param cutoff records older than this may go
   * @return the files deleted
   * @throws AuditException if a file cannot be read or deleted
   */
  public List<Path> purgeBefore(java.time.Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    List<Path> files = files(directory);
    List<Path> deleted = new ArrayList<>();
    // A file holds only records older than the cutoff when the next file's first record is.
    for (int i = 0; i + 1 < files.size(); i++) {
      Path next = files.get(i + 1);
      Optional<java.time.Instant> nextStart = firstTimestamp(next);
      if (nextStart.isEmpty() || !nextStart.get().isBefore(cutoff)) {
        break;
      }
      try {
        Files.delete(files.get(i));
      } catch (IOException e) {
        throw new AuditException(Errors.sinkIo("cannot delete " + files.get(i)), e);
      }
      deleted.add(files.get(i));
    }
    if (!deleted.isEmpty()) {
      syncDirectory();
    }
    return deleted;
  }

  private static Optional<java.time.Instant> firstTimestamp(Path f) {
    try (java.io.BufferedReader reader = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String line = RecordFormat.readLine(reader);
      if (line == null) {
        return Optional.empty();
      }
      return Optional.of(RecordFormat.parse(line).event().timestamp());
    } catch (IOException | RecordFormat.MalformedRecordException e) {
      throw new AuditException(Errors.sinkIo("cannot read the first record of " + f), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
    channel = null;
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      LOG.debug("cannot release the audit lock of {}", directory, e);
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.debug("cannot close an audit file channel", e);
      }
    }
  }

  /** Names the directory and head only. */
  @Override
  public String toString() {
    return "FileAuditSink[" + directory + ", " + head + "]";
  }

  /**
   * Configures a {@link FileAuditSink}. Each setting may be set once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final Path directory;
    private Clock clock = Clock.systemUTC();
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private boolean clockSet;
    private boolean sizeSet;
    private Channels channels = FileChannel::open;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** For tests: how the audit files are opened. */
    Builder channels(Channels opener) {
      this.channels = Objects.requireNonNull(opener, "opener");
      return this;
    }

    /**
     * Sets the clock that decides the day of a file (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      if (clockSet) {
        throw new IllegalStateException(Errors.settingTwice("clock"));
      }
      clockSet = true;
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the size at which a new file is started (default 64 MiB). A batch is never split, so a
     * file may end a little past it.
     *
     * @param maxFileBytes 4 KiB to 1 TiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes < 4096 || maxFileBytes > 1L << 40) {
        throw new IllegalArgumentException(Errors.range("maxFileBytes", 4096, 1L << 40, maxFileBytes));
      }
      if (sizeSet) {
        throw new IllegalStateException(Errors.settingTwice("maxFileBytes"));
      }
      sizeSet = true;
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /**
     * Opens the sink: locks the directory and recovers the chain head from the newest file.
     *
     * @return the sink
     * @throws AuditException if the directory is locked by another writer, cannot be read, may be
     *     written by its group or others (POSIX), or its newest complete line is not a record
     */
    public FileAuditSink build() {
      return new FileAuditSink(this);
    }
  }
}
