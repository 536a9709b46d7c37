package io.hiroi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the command line in-process through {@link Main}'s testable entry, as a shell would. */
public final class Hiroi {
  private static final Pattern SECRET = Pattern.compile("\"secret\": \"([^\"]+)\"");

  private Hiroi() {}

  /** What one run left behind. */
  public record Result(int status, byte[] stdout, String stderr) {
    /** Standard output as UTF-8 text. */
    public String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The lines of standard output, without their {@code \n}. */
    public List<String> lines() {
      return out().lines().toList();
    }

    /** Asserts a rejection: exit 1, nothing on stdout, the reason on stderr. */
    public Result assertRejected(String reasonPart) {
      assertThat(status).as("exit status; stderr: %s", stderr).isEqualTo(1);
      assertThat(stdout).as("stdout of a rejection").isEmpty();
      assertThat(stderr).startsWith("hiroi: rejected: ").contains(reasonPart);
      return this;
    }

    /** Asserts a usage or configuration error: exit 2, nothing on stdout, the message on stderr. */
    public Result assertUsageError(String messagePart) {
      assertThat(status).as("exit status; stderr: %s", stderr).isEqualTo(2);
      assertThat(stdout).as("stdout of a usage error").isEmpty();
      assertThat(stderr).startsWith("hiroi: ").contains(messagePart);
      return this;
    }

    /** Asserts success with nothing on stderr. */
    public Result assertOk() {
      assertThat(status).as("exit status; stderr: %s", stderr).isZero();
      assertThat(stderr).isEmpty();
      return this;
    }

    /** Asserts that none of the given secret texts appears on stderr. */
    public Result assertStderrOmits(String... secrets) {
      for (String secret : secrets) {
        assertThat(stderr).doesNotContain(secret);
      }
      return this;
    }
  }

  /** Runs with empty standard input. */
  public static Result run(String... args) {
    return pipe(new byte[0], args);
  }

  /** Runs with {@code stdin} (UTF-8) on standard input, like {@code printf %s "$stdin" | hiroi ...}. */
  public static Result pipe(String stdin, String... args) {
    return pipe(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** Runs with {@code stdin} on standard input. */
  public static Result pipe(byte[] stdin, String... args) {
    return pipe(new ByteArrayInputStream(stdin), args);
  }

  /** Runs with the given standard input. */
  public static Result pipe(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, false, StandardCharsets.UTF_8)) {
      status = Main.run(args, stdin, outStream, errStream);
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code hiroi keygen [args]} and writes its output to {@code file}, readable by its owner only. */
  public static Path keygen(Path file, String... args) throws IOException {
    String[] all = new String[args.length + 1];
    all[0] = "keygen";
    System.arraycopy(args, 0, all, 1, args.length);
    return write(file, run(all).assertOk().stdout());
  }

  /** Writes bytes to {@code file}, with owner-only permissions where the file system has them. */
  public static Path write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to restrict
    }
    return file;
  }

  /** The base64 master secrets in a key ring file, to check that no message repeats them. */
  public static String[] secretsOf(Path keyRingFile) throws IOException {
    Matcher m = SECRET.matcher(Files.readString(keyRingFile));
    List<String> secrets = new ArrayList<>();
    while (m.find()) {
      secrets.add(m.group(1));
    }
    assertThat(secrets).isNotEmpty();
    return secrets.toArray(new String[0]);
  }

  /** Decodes an envelope's text form (base64url without padding). */
  public static byte[] envelopeBytes(String envelopeLine) {
    return Base64.getUrlDecoder().decode(envelopeLine.strip());
  }
}
