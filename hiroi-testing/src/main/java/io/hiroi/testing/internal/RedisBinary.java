package io.hiroi.testing.internal;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;

/**
 * The {@code redis-server} binary that {@code org.signal:embedded-redis} ships as a class-path
 * resource (7.0.15, statically linked, for linux amd64/arm64/386 and macOS amd64/arm64), copied
 * into the work folder once so that it runs from there.
 */
public final class RedisBinary {
  /** The Redis version of the shipped binaries. */
  public static final String VERSION = RedisExecProvider.redisVersion;

  private RedisBinary() {}

  /**
   * Names the class-path resource of the binary for a platform.
   *
   * @param osName the {@code os.name} system property
   * @param osArch the {@code os.arch} system property
   * @return the resource name, or {@code null} when embedded-redis ships none for the platform
   */
  public static String resourceName(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String system;
    if (os.contains("linux")) {
      system = "linux";
    } else if (os.contains("mac") || os.contains("darwin")) {
      system = "darwin";
    } else {
      return null;
    }
    String machine;
    switch (arch) {
      case "amd64":
      case "x86_64":
        machine = "amd64";
        break;
      case "aarch64":
      case "arm64":
        machine = "arm64";
        break;
      case "x86":
      case "i386":
      case "i486":
      case "i586":
      case "i686":
        if (!"linux".equals(system)) {
          return null;
        }
        machine = "386";
        break;
      default:
        return null;
    }
    return "redis-server-" + VERSION + "-" + system + "-" + machine;
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      if (!file.toFile().setExecutable(true, true)) {
        throw new IOException("cannot make " + file + " executable", e);
      }
    }
  }

  /**
   * Returns the binary for this machine inside {@code binDir}, copying it there first if needed.
   * Safe when several JVMs do this at once: the copy is written beside and moved into place.
   *
   * @param binDir the folder for binaries
   * @return the executable file
   * @throws IllegalStateException when there is no binary for this platform or it cannot be copied
   */
  @SuppressFBWarnings(
      value = "PATH_TRAVERSAL_IN",
      justification = "binDir is the build's own work folder (a system property of the test JVM), not user input")
  public static Path extract(Path binDir) {
    String osName = System.getProperty("os.name", "?");
    String osArch = System.getProperty("os.arch", "?");
    String resource = resourceName(osName, osArch);
    if (resource == null) {
      throw Errors.noRedisBinary(osName, osArch);
    }
    Path target = binDir.resolve(resource);
    if (Files.isRegularFile(target) && Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.noRedisBinary(osName, osArch);
      }
      Files.createDirectories(binDir);
      Path partial = Files.createTempFile(binDir, resource, ".partial");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        makeExecutable(partial);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    } catch (IOException e) {
      throw Errors.cannotExtractRedis(target, e);
    }
  }
}
