package io.hiroi.testing.internal;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process bound to 127.0.0.1 on a free port, without persistence, with
 * its configuration, working folder and log in a folder of its own.
 *
 * <p>Thread-safe.
 */
public final class RedisNode {
  /** The name of the log file in a node's folder. */
  public static final String LOG_FILE = "redis.log";

  static final String OWNER_PID_FILE = "owner.pid";
  static final String SERVER_PID_FILE = "server.pid";

  private static final int PORT_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 40;
  private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
  private static final long POLL_MILLIS = 20;

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisNode(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts a node and waits until it answers PING.
   *
   * @param binary the {@code redis-server} executable
   * @param baseDir the folder under which the node gets a folder of its own
   * @param name a short name for the node's folder, such as {@code single} or {@code cluster-0}
   * @param cluster whether to enable cluster mode (then port + 10000, the bus port, is free too)
   * @param extraConfig further {@code redis.conf} lines
   * @param timeout how long to wait for the node to answer
   * @return the running node
   * @throws IllegalStateException when the node does not start; the message holds its log tail
   */
  public static RedisNode start(
      Path binary, Path baseDir, String name, boolean cluster, List<String> extraConfig, Duration timeout) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = cluster ? Ports.freeWithClusterBus() : Ports.free();
      try {
        return startOnce(binary, name, baseDir, port, cluster, extraConfig, timeout);
      } catch (PortTakenException e) {
        last = Errors.redisStartFailed(name, port, e.log, e.getMessage(), e.logTail, null);
      }
    }
    throw last;
  }

  /**
   * Starts a node on a given port, as a restart of a stopped node does, and waits until it
   * answers PING.
   *
   * @param binary the {@code redis-server} executable
   * @param baseDir the folder under which the node gets a folder of its own
   * @param name a short name for the node's folder
   * @param port the port to listen on
   * @param extraConfig further {@code redis.conf} lines
   * @param timeout how long to wait for the node to answer
   * @return the running node
   * @throws IllegalStateException when the node does not start, the port being taken included
   */
  public static RedisNode startOnPort(
      Path binary, Path baseDir, String name, int port, List<String> extraConfig, Duration timeout) {
    try {
      return startOnce(binary, name, baseDir, port, false, extraConfig, timeout);
    } catch (PortTakenException e) {
      throw Errors.redisStartFailed(name, port, e.log, e.getMessage(), e.logTail, null);
    }
  }

  private static RedisNode startOnce(
      Path binary, String name, Path baseDir, int port, boolean cluster, List<String> extraConfig, Duration timeout)
      throws PortTakenException {
    Path dir = baseDir.resolve(name + "-" + port + "-" + ProcessHandle.current().pid());
    List<String> config = new ArrayList<>();
    config.add("port " + port);
    config.add("bind 127.0.0.1");
    config.add("daemonize no");
    config.add("save \"\"");
    config.add("appendonly no");
    config.add("dir ./");
    config.add("logfile \"\"");
    if (cluster) {
      config.add("cluster-enabled yes");
      config.add("cluster-config-file nodes.conf");
      config.add("cluster-port " + (port + Ports.CLUSTER_BUS_OFFSET));
      config.add("cluster-announce-ip 127.0.0.1");
      config.add("cluster-node-timeout 5000");
    }
    config.addAll(extraConfig);
    return launch(binary, name, dir, port, config, timeout);
  }

  @SuppressFBWarnings(
      value = "COMMAND_INJECTION",
      justification = "runs the redis-server binary this module extracted itself, with a config file it wrote")
  private static RedisNode launch(Path binary, String name, Path dir, int port, List<String> config, Duration timeout)
      throws PortTakenException {
    Path log = dir.resolve(LOG_FILE);
    Process process;
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("redis.conf"), config, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
      process =
          new ProcessBuilder(binary.toString(), "redis.conf")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
      Files.writeString(dir.resolve(SERVER_PID_FILE), Long.toString(process.pid()));
    } catch (IOException e) {
      throw Errors.redisStartFailed(name, port, log, "cannot launch " + binary, LogTail.of(log, LOG_TAIL_LINES), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException lastPing = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = LogTail.of(log, LOG_TAIL_LINES);
        String why = "redis-server exited with status " + process.exitValue() + " before answering PING";
        if (tail.contains("Address already in use")) {
          throw new PortTakenException(why, tail, log);
        }
        throw Errors.redisStartFailed(name, port, log, why, tail, null);
      }
      try (Resp resp = Resp.connect(port, PING_TIMEOUT)) {
        if ("PONG".equals(resp.call("PING"))) {
          return new RedisNode(process, port, dir);
        }
      } catch (IOException e) {
        lastPing = e;
      }
      sleep(POLL_MILLIS);
    }
    destroy(process);
    throw Errors.redisStartFailed(
        name, port, log, "no answer to PING within " + timeout.toSeconds() + " s", LogTail.of(log, LOG_TAIL_LINES), lastPing);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.interrupted(e);
    }
  }

  /**
   * Returns the node's client port on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the node's folder (configuration, log, cluster state).
   *
   * @return the folder
   */
  public Path dir() {
    return dir;
  }

  /**
   * Returns the node's log file.
   *
   * @return the log file
   */
  public Path log() {
    return dir.resolve(LOG_FILE);
  }

  /**
   * Says whether the server process is alive.
   *
   * @return whether it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node (SIGTERM, then SIGKILL after 5 s); does nothing when it has stopped already. */
  public void stop() {
    destroy(process);
  }

  private static void destroy(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The port was taken between choosing it and binding it; the caller tries another. */
  private static final class PortTakenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String logTail;
    private final transient Path log;

    PortTakenException(String message, String logTail, Path log) {
      super(message);
      this.logTail = logTail;
      this.log = log;
    }
  }
}
