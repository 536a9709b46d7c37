package io.hiroi.testing.internal;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL for a JVM that runs as root on Linux where user namespaces are not available (so
 * zonky's {@code unshare -U} cannot be used), such as a Docker container under the default seccomp
 * profile: {@code initdb} and {@code pg_ctl} run as the user {@code nobody} through util-linux's
 * {@code setpriv}, on a data folder that root has given to {@code nobody}.
 *
 * <p>It uses the same zonky binaries archive, extracted into
 * {@code <workDir>/postgres-bin/nobody-<sha-256 prefix>/} (world-readable, as {@code nobody} must
 * read it). Every folder above the work folder must be searchable by others ({@code o+x}); a
 * checkout under {@code /root} (mode 700) is not, and the error says so.
 *
 * <p>Thread-safe: {@link #start} is called once per JVM under {@link Lazy}.
 */
final class PostgresAsNobody {
  /** Set to {@code true} to take this path even where {@code unshare -U} works (for tests). */
  static final String FORCE_PROPERTY = "hiroi.testing.postgres.asNobody";

  static final String USER = "nobody";
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 40;

  private final Path binDir;
  private final Path dataDir;
  private final Path log;
  private final Path workDir;
  private final int port;

  private PostgresAsNobody(Path workDir, Path binDir, Path dataDir, Path log, int port) {
    this.workDir = workDir;
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  static boolean forced() {
    return Boolean.getBoolean(FORCE_PROPERTY);
  }

  /**
   * Extracts the binaries if needed, runs {@code initdb} and starts the server as {@code nobody}.
   *
   * @param workDir the work folder
   * @param id a name for this instance's data folder and log
   * @param extraConfig further server settings
   * @param startupWait how long {@code pg_ctl start} may wait for the server
   * @return the running server; call {@link #stop()} when done
   * @throws IllegalStateException when it cannot start; the message holds the log tail
   */
  static PostgresAsNobody start(Path workDir, String id, Map<String, String> extraConfig, Duration startupWait) {
    Path base = workDir.resolve("postgres");
    Path dataDir = base.resolve("data-" + id);
    Path log = base.resolve("postgres-" + id + ".log");
    try {
      checkSearchable(workDir);
      Files.createDirectories(base);
      Path binDir = extract(workDir.resolve("postgres-bin"));
      UserPrincipalLookupService lookup = workDir.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal nobody = lookup.lookupPrincipalByName(USER);
      Files.createDirectories(dataDir);
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      Files.setOwner(dataDir, nobody);
      if (!Files.exists(log)) {
        Files.createFile(log);
      }
      Files.setOwner(log, nobody);
      int port = Ports.free();
      PostgresAsNobody server = new PostgresAsNobody(workDir, binDir, dataDir, log, port);
      server.run(
          INITDB_TIMEOUT,
          "initdb", "-A", "trust", "-U", EmbeddedPostgresServer.SUPERUSER, "-D", dataDir.toString(), "-E", "UTF-8",
          "--no-sync", "--no-instructions");
      List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-F"));
      options.addAll(List.of("-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''"));
      options.addAll(List.of("-c", "synchronous_commit=off", "-c", "max_connections=200", "-c", "timezone=UTC"));
      extraConfig.forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
      server.run(
          startupWait.plusSeconds(10),
          "pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", Long.toString(startupWait.toSeconds()),
          "-o", String.join(" ", options), "start");
      return server;
    } catch (IOException e) {
      throw Errors.postgresStartFailed(log, "as " + USER + ": " + e.getMessage(), LogTail.of(log, LOG_TAIL_LINES), e);
    }
  }

  /** Stops the server ({@code pg_ctl stop -m fast}) and deletes its data folder; best effort. */
  void stop() {
    try {
      run(STOP_TIMEOUT, "pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "10", "stop");
    } catch (IOException | RuntimeException e) {
      // best effort at JVM exit; the log keeps what happened
    }
    StaleNodes.deleteTree(dataDir);
  }

  /** Runs one PostgreSQL program as nobody, its output appended to the log; fails on a non-zero exit. */
  @SuppressFBWarnings(
      value = "COMMAND_INJECTION",
      justification = "runs setpriv and the PostgreSQL programs this module extracted, with arguments it built")
  private void run(Duration timeout, String program, String... args) throws IOException {
    List<String> command = new ArrayList<>(setpriv());
    command.add(binDir.resolve("bin").resolve(program).toString());
    command.addAll(Arrays.asList(args));
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile()) // nobody must be able to read its working folder
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw Errors.postgresStartFailed(
            log, program + " as " + USER + " did not finish within " + timeout.toSeconds() + " s", LogTail.of(log, LOG_TAIL_LINES), null);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw Errors.interrupted(e);
    }
    if (process.exitValue() != 0) {
      throw Errors.postgresStartFailed(
          log, program + " as " + USER + " exited with status " + process.exitValue(), LogTail.of(log, LOG_TAIL_LINES), null);
    }
  }

  private static List<String> setpriv() {
    return List.of("setpriv", "--reuid=" + USER, "--regid=" + primaryGroup(), "--clear-groups");
  }

  /** nobody's primary group id from /etc/passwd (its name differs: nogroup on Debian, nobody on Fedora). */
  private static String primaryGroup() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(":");
        if (fields.length > 3 && fields[0].equals(USER)) {
          return fields[3];
        }
      }
    } catch (IOException e) {
      // fall through to the usual id
    }
    return "65534";
  }

  /** Every folder from / down to {@code dir} must let others pass, or nobody cannot reach the files. */
  private static void checkSearchable(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)
          && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException(
            p + " is not searchable by other users (o+x), so " + USER + " cannot reach the work folder; "
                + "move the checkout or the work folder (-D" + WorkDir.PROPERTY + ") elsewhere");
      }
    }
  }

  /** Extracts zonky's binaries archive for this machine into a world-readable folder, once. */
  @SuppressFBWarnings(
      value = "OVERLY_PERMISSIVE_FILE_PERMISSION",
      justification = "the binaries must be readable and runnable by nobody, the user the server runs as")
  static Path extract(Path parent) throws IOException {
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"))) {
      archive = in.readAllBytes();
    }
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is a required JDK algorithm", e);
    }
    Path target = parent.resolve("nobody-" + digest);
    if (Files.exists(target.resolve(".complete"))) {
      return target;
    }
    Files.createDirectories(parent);
    Path partial = Files.createTempDirectory(parent, "nobody-partial-");
    try {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path file = partial.resolve(entry.getName()).normalize();
          if (!file.startsWith(partial)) {
            throw new IOException("archive entry outside the target folder: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(file);
          } else if (entry.isSymbolicLink() || entry.isLink()) {
            Files.createDirectories(Objects.requireNonNull(file.getParent(), "parent"));
            Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(Objects.requireNonNull(file.getParent(), "parent"));
            Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
            boolean executable = entry.getName().startsWith("bin/") || (entry.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
      }
      try (var paths = Files.walk(partial)) {
        for (Path p : (Iterable<Path>) paths::iterator) {
          if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
          }
        }
      }
      Files.createFile(partial.resolve(".complete"));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.exists(target.resolve(".complete"))) {
          throw e;
        }
        // another JVM finished first; use its copy
      }
      return target;
    } finally {
      if (Files.exists(partial)) {
        StaleNodes.deleteTree(partial);
      }
    }
  }
}
