package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditSinkTest extends AuditSinkContract {
  @TempDir Path dir;

  @BeforeEach
  void noFilesYet() {
    assertThat(FileAuditSink.files(dir)).isEmpty();
  }

  @Override
  protected AuditSink open() {
    return FileAuditSink.builder(dir).clock(clock).build();
  }

  @Override
  protected Verification verifyStore(HeadCheckpoint checkpoint) {
    return verifier.verifyDirectory(dir, checkpoint);
  }

  @Override
  protected List<String> stored() {
    List<String> lines = new ArrayList<>();
    for (Path f : FileAuditSink.files(dir)) {
      try {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  private void rewrite(UnaryOperator<List<String>> edit) {
    List<Path> files = FileAuditSink.files(dir);
    assertThat(files).hasSize(1);
    try {
      List<String> lines = edit.apply(new ArrayList<>(Files.readAllLines(files.get(0), StandardCharsets.UTF_8)));
      Files.write(files.get(0), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void change(long seq, UnaryOperator<String> edit) {
    rewrite(lines -> {
      lines.set((int) seq - 1, edit.apply(lines.get((int) seq - 1)));
      return lines;
    });
  }

  @Override
  protected void delete(long seq) {
    rewrite(lines -> {
      lines.remove((int) seq - 1);
      return lines;
    });
  }

  @Override
  protected void insertCopy(long copyOf, long before) {
    rewrite(lines -> {
      lines.add((int) before - 1, lines.get((int) copyOf - 1));
      return lines;
    });
  }

  @Override
  protected void swap(long a, long b) {
    rewrite(lines -> {
      java.util.Collections.swap(lines, (int) a - 1, (int) b - 1);
      return lines;
    });
  }

  @Override
  protected void truncateAfter(long lastKept) {
    rewrite(lines -> new ArrayList<>(lines.subList(0, (int) lastKept)));
  }

  private void record(int n) {
    try (AuditLog log = AuditLog.builder(ring, FileAuditSink.builder(dir).clock(clock).maxFileBytes(4096).build()).clock(clock).build()) {
      for (int i = 1; i <= n; i++) {
        log.record(Trails.event(clock, i));
      }
    }
  }

  @Test
  void rotationBySize_continuesTheChainAcrossFiles_eachFileStartingAtACheckpoint() throws IOException {
    record(60);
    List<Path> files = FileAuditSink.files(dir);
    assertThat(files.size()).isGreaterThan(3);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("audit-00000000000000000001-20261123.jsonl");
    for (Path f : files.subList(1, files.size())) {
      String first = Files.readAllLines(f, StandardCharsets.UTF_8).get(0);
      AuditRecord r = AuditRecord.parse(first).orElseThrow();
      assertThat(r.event().type()).isEqualTo(AuditRecord.CHECKPOINT_TYPE);
      assertThat(f.getFileName().toString()).startsWith(String.format(Locale.ROOT, "audit-%020d-", r.seq()));
      // A rotated file read on its own verifies from its checkpoint.
      Verification alone = verifier.verifyPaths(List.of(f), null);
      assertThat(alone.isValid()).as(alone.describe()).isTrue();
      assertThat(alone.startsAtCheckpoint()).isTrue();
    }
    Verification all = verifier.verifyDirectory(dir, null);
    assertThat(all.isValid()).as(all.describe()).isTrue();
    assertThat(all.count()).isEqualTo(60 + files.size() - 1);
    // Files in the wrong order break the chain.
    List<Path> swapped = new ArrayList<>(files);
    java.util.Collections.swap(swapped, 0, 1);
    assertThat(verifier.verifyPaths(swapped, null).isValid()).isFalse();
  }

  @Test
  void fileNames_areAsciiDigits_underADefaultLocaleWithOtherDigits() throws IOException {
    Locale before = Locale.getDefault();
    try {
      for (String tag : new String[] {"ar-EG", "fa-IR", "th-TH-u-nu-thai"}) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        record(30); // rotates (4 KiB files); a second round reopens the directory and continues
      }
    } finally {
      Locale.setDefault(before);
    }
    List<Path> files = FileAuditSink.files(dir);
    assertThat(files.size()).isGreaterThan(3);
    try (java.util.stream.Stream<Path> all = Files.list(dir)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("audit-"))).hasSameSizeAs(files);
    }
    assertThat(files.get(0).getFileName().toString()).isEqualTo("audit-00000000000000000001-20261123.jsonl");
    Verification v = verifier.verifyDirectory(dir, null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.count()).isEqualTo(90 + files.size() - 1);
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(clock).build()) {
      assertThat(sink.head().seq()).isEqualTo(v.count());
    }
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_DIR =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

  private void assumePosix() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "owner-only permissions are a POSIX matter");
  }

  @Test
  void createdDirectoryLockAndRecordFiles_areOwnerOnly() throws IOException {
    assumePosix();
    Path trail = dir.resolve("var").resolve("audit");
    try (AuditLog log = AuditLog.builder(ring, FileAuditSink.builder(trail).clock(clock).maxFileBytes(4096).build()).clock(clock).build()) {
      for (int i = 1; i <= 30; i++) {
        log.record(Trails.event(clock, i));
      }
    }
    assertThat(Files.getPosixFilePermissions(trail)).isEqualTo(OWNER_ONLY_DIR);
    assertThat(Files.getPosixFilePermissions(trail.resolve("audit.lock"))).isEqualTo(OWNER_ONLY_FILE);
    List<Path> files = FileAuditSink.files(trail);
    assertThat(files.size()).isGreaterThan(1);
    for (Path f : files) {
      assertThat(Files.getPosixFilePermissions(f)).as("%s", f).isEqualTo(OWNER_ONLY_FILE);
    }
  }

  @Test
  void existingDirectoryThatGroupOrOthersMayWrite_isRefused() throws IOException {
    assumePosix();
    for (String permissions : new String[] {"rwxrwx---", "rwx---rwx", "rwxrwxrwx"}) {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
      assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
          .isInstanceOf(AuditException.class)
          .hasMessage("audit directory " + dir + " is " + permissions
              + ": its group or others may write it, so they could delete or replace audit files; chmod 700 it");
    }
    // Readable by others: opened (with a warning), and the lock was not left held by the refusals.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(clock).build()) {
      assertThat(sink.head()).isEqualTo(ChainHead.GENESIS);
    }
    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
  }

  @Test
  void purge_deletesWholeOldFiles_andTheRestVerifiesFromACheckpoint() {
    record(3);
    clock.advance(Duration.ofDays(1));
    record(3);
    clock.advance(Duration.ofDays(1));
    record(3);
    assertThat(FileAuditSink.files(dir)).hasSize(3);
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(clock).build()) {
      // A file goes once the record after it is older than the cutoff: then all of it is.
      assertThat(sink.purgeBefore(clock.instant().minus(Duration.ofHours(12)))).hasSize(1);
      List<Path> deleted = sink.purgeBefore(clock.instant());
      assertThat(deleted).hasSize(1);
      assertThat(sink.purgeBefore(clock.instant().plus(Duration.ofDays(365)))).isEmpty(); // never the newest file
    }
    Verification v = verifier.verifyDirectory(dir, null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
    assertThat(v.startsAtCheckpoint()).isTrue();
    assertThat(v.firstSeq()).isEqualTo(8);
    assertThat(v.count()).isEqualTo(4);
  }

  @Test
  void tornLastLine_isReportedAndCutOff_andTheChainContinues() throws IOException {
    record(5);
    Path f = FileAuditSink.files(dir).get(0);
    long intact = Files.size(f);
    Files.write(f, "{\"actor\":\"user/6\",\"attrs\":{".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(clock).build()) {
      assertThat(sink.recovery().tornBytes()).isEqualTo(27);
      assertThat(sink.recovery().file()).contains(f);
      assertThat(sink.head().seq()).isEqualTo(5);
      assertThat(Files.size(f)).isEqualTo(intact);
    }
    record(2);
    assertThat(verifier.verifyDirectory(dir, null).count()).isEqualTo(7);
  }

  @Test
  void completeButCorruptLastLine_refusesToOpen() throws IOException {
    record(2);
    Files.write(FileAuditSink.files(dir).get(0), "not a record\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
        .isInstanceOf(AuditException.class)
        .hasMessageEndingWith("ends with a complete line that is not a record; refusing to append");
  }

  @Test
  void refusedOpen_releasesTheLock_soTheRepairedDirectoryOpens() throws IOException {
    record(2);
    Path f = FileAuditSink.files(dir).get(0);
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    String last = lines.get(lines.size() - 1);
    lines.set(lines.size() - 1, last.replace("\"attrs\":{", "\"attrs\":{\"a\":-9223372036854775808,"));
    Files.write(f, lines, StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
          .isInstanceOf(AuditException.class)
          .hasMessageEndingWith("ends with a complete line that is not a record; refusing to append");
    }
    lines.set(lines.size() - 1, last);
    Files.write(f, lines, StandardCharsets.UTF_8);
    try (FileAuditSink sink = FileAuditSink.builder(dir).clock(clock).build()) {
      assertThat(sink.head().seq()).isEqualTo(2);
    }
  }

  @Test
  void batchThatCouldNotBeCutOff_stopsTheSink_andReopeningRecoversAVerifiableTrail() throws IOException {
    AtomicBoolean failing = new AtomicBoolean();
    FileAuditSink.Builder b = FileAuditSink.builder(dir).clock(clock);
    b.channels((f, options, attributes) -> new FaultyChannel(FileChannel.open(f, options, attributes), failing));
    try (AuditLog log = AuditLog.builder(ring, b.build()).clock(clock).build()) {
      log.record(Trails.event(clock, 1));
      failing.set(true); // force fails, then so does the truncate of the rollback
      AuditEvent big = log.event("test.big").attribute("note", "n".repeat(2000)).build();
      assertThatThrownBy(() -> log.record(big)).isInstanceOf(AuditException.class);
      failing.set(false);
      // The sink refuses a shorter next batch, which would leave the failed one's tail behind it.
      assertThatThrownBy(() -> log.record(Trails.event(clock, 3))).isInstanceOf(AuditException.class);
    }
    try (AuditLog log = AuditLog.builder(ring, FileAuditSink.builder(dir).clock(clock).build()).clock(clock).build()) {
      log.record(Trails.event(clock, 4));
    }
    Verification v = verifyStore(null);
    assertThat(v.isValid()).as(v.describe()).isTrue();
  }

  @Test
  void secondWriterOnTheDirectory_isRefused() {
    try (FileAuditSink first = FileAuditSink.builder(dir).build()) {
      assertThatThrownBy(() -> FileAuditSink.builder(dir).build())
          .isInstanceOf(AuditException.class)
          .hasMessage("audit file " + dir + " is locked by another writer");
      assertThat(first.head()).isEqualTo(ChainHead.GENESIS);
    }
    FileAuditSink.builder(dir).build().close(); // released on close
  }

  @Test
  void builder_checksSettings() {
    assertThatThrownBy(() -> FileAuditSink.builder(dir).maxFileBytes(10))
        .hasMessage("maxFileBytes must be between 4096 and 1099511627776, was 10");
    assertThatThrownBy(() -> FileAuditSink.builder(dir).clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock was already set");
  }
}
