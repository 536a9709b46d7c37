package io.hiroi.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three standard streams of one run, and the rules for reading and writing them:
 *
 * <ul>
 *   <li>binary input (a plaintext to encrypt) is taken byte for byte, nothing stripped;
 *   <li>text input (an envelope, an API key, a password) loses exactly one trailing line end
 *       ({@code \n} or {@code \r\n}), so that {@code echo} and a file saved by an editor work;
 *       anything else, another line end or a space included, stays and is judged;
 *   <li>binary output (a decrypted plaintext) is written byte for byte, nothing added;
 *   <li>text output (envelopes, keys, hashes) ends each line with {@code \n} on every platform.
 * </ul>
 *
 * <p>Input is read up to a limit and no further. Not thread-safe; one per run.
 */
final class Io {
  private final InputStream in;
  private final PrintStream out;
  private final PrintWriter err;

  Io(InputStream in, PrintStream out, PrintWriter err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** What standard input held, up to a limit: the bytes and whether more followed. */
  static final class Input {
    private final byte[] bytes;
    private final boolean truncated;

    private Input(byte[] bytes, boolean truncated) {
      this.bytes = bytes;
      this.truncated = truncated;
    }

    /** The bytes read, at most the limit; the caller zeroes them when they are secret. */
    byte[] bytes() {
      return bytes;
    }

    /** Whether standard input held more than the limit (the rest was not read). */
    boolean truncated() {
      return truncated;
    }
  }

  /**
   * Reads standard input byte for byte, up to {@code limit} bytes.
   *
   * @param limit the most bytes wanted
   * @return the bytes, and whether more followed
   * @throws IOException if standard input cannot be read
   */
  Input readBinary(int limit) throws IOException {
    byte[] read = in.readNBytes(limit + 1);
    if (read.length <= limit) {
      return new Input(read, false);
    }
    byte[] head = Arrays.copyOf(read, limit);
    Arrays.fill(read, (byte) 0);
    return new Input(head, true);
  }

  /**
   * Reads one text value from standard input, up to {@code limit} bytes before its line end, and
   * removes exactly one trailing {@code \n} or {@code \r\n}.
   *
   * @param limit the most bytes wanted, line end excluded
   * @return the bytes without the line end, and whether more followed
   * @throws IOException if standard input cannot be read
   */
  Input readText(int limit) throws IOException {
    Input raw = readBinary(limit + 2);
    byte[] bytes = raw.bytes();
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    boolean truncated = raw.truncated() || end > limit;
    byte[] text = Arrays.copyOf(bytes, Math.min(end, limit));
    Arrays.fill(bytes, (byte) 0);
    return new Input(text, truncated);
  }

  /**
   * Writes bytes to standard output as they are.
   *
   * @param bytes the bytes
   */
  void writeBinary(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }

  /**
   * Writes one line of ASCII text to standard output, ended by {@code \n}.
   *
   * @param line the text, without a line end
   */
  void writeLine(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }

  /**
   * Flushes standard output and tells whether everything written reached it.
   *
   * @return {@code false} if a write failed (a closed pipe, a full disk)
   */
  boolean flushOut() {
    out.flush();
    return !out.checkError();
  }

  /**
   * Writes a message on standard error, after the {@code hiroi: } prefix.
   *
   * @param message a message from {@link Errors}
   */
  void error(String message) {
    err.println(Errors.PREFIX + message);
    err.flush();
  }

  /**
   * Reports a rejection on standard error and returns its exit status. Nothing may have been
   * written to standard output before.
   *
   * @param reason a reason from {@link Errors}
   * @return {@link Cli#REJECTED}
   */
  int reject(String reason) {
    error(Errors.rejected(reason));
    return Cli.REJECTED;
  }
}
