package io.hiroi.testing.internal;

import java.nio.file.Path;

/**
 * Every message of hiroi-testing, in one place. A message says what failed, why, where the files
 * are, and ends with the server's log tail when there is one; none holds a password.
 */
public final class Errors {
  private Errors() {}

  static IllegalStateException noFreePort(int low, int high, int attempts) {
    return new IllegalStateException(
        "hiroi-testing: no free port found on 127.0.0.1 in " + low + ".." + high + " after " + attempts + " tries");
  }

  static IllegalStateException noRedisBinary(String osName, String osArch) {
    return new IllegalStateException(
        "hiroi-testing: org.signal:embedded-redis ships no redis-server binary for "
            + osName
            + "/"
            + osArch
            + " (it has linux amd64/arm64/386 and macOS amd64/arm64); set "
            + Overrides.REDIS_URI
            + " (and "
            + Overrides.REDIS_CLUSTER_URIS
            + ") to use servers of your own");
  }

  static IllegalStateException cannotExtractRedis(Path target, Exception cause) {
    return new IllegalStateException("hiroi-testing: cannot copy the redis-server binary to " + target + ": " + cause, cause);
  }

  static IllegalStateException redisStartFailed(
      String name, int port, Path log, String why, String logTail, Throwable cause) {
    return new IllegalStateException(
        "hiroi-testing: redis-server '"
            + name
            + "' on 127.0.0.1:"
            + port
            + " did not start: "
            + why
            + "\n--- "
            + log
            + " (last lines) ---\n"
            + logTail,
        cause);
  }

  static IllegalStateException clusterFormFailed(String why, String logTails, Throwable cause) {
    return new IllegalStateException(
        "hiroi-testing: the Redis Cluster of 3 masters did not form: " + why + logTails, cause);
  }

  static IllegalStateException interrupted(InterruptedException cause) {
    return new IllegalStateException("hiroi-testing: interrupted while waiting for a server", cause);
  }

  static IllegalStateException failedEarlier(String what, RuntimeException failure) {
    return new IllegalStateException(
        "hiroi-testing: " + what + " failed to start earlier in this JVM: " + failure.getMessage(), failure);
  }

  static IllegalArgumentException badOverride(String variable, String why) {
    // The value itself is left out: it may hold a password.
    return new IllegalArgumentException("hiroi-testing: environment variable " + variable + " " + why);
  }

  static IllegalStateException postgresStartFailed(Path log, String why, String logTail, Throwable cause) {
    return new IllegalStateException(
        "hiroi-testing: PostgreSQL did not start: " + why + "\n--- " + log + " (last lines) ---\n" + logTail, cause);
  }

  static IllegalStateException postgresAsRoot(String why) {
    return new IllegalStateException(
        "hiroi-testing: PostgreSQL refuses to run as root, and this JVM runs as root where "
            + why
            + ", so initdb and postgres cannot be run as an unprivileged user; run the tests as a normal"
            + " user, enable user namespaces (sysctl user.max_user_namespaces > 0, or allow the unshare"
            + " syscall in the container), install util-linux's setpriv, or set "
            + Overrides.JDBC_URL
            + " to a server of your own");
  }
}
