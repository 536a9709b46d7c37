package io.hiroi.servlet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures standard error, where slf4j-simple writes the filters' log lines (it looks up
 * {@code System.err} at each line, on whichever thread logs), while it is open. Jetty's request
 * threads log before they answer, so a line is here once the client has its response. Not
 * thread-safe: one open at a time.
 */
final class StandardError implements AutoCloseable {
  private final PrintStream saved = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private StandardError() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  static StandardError capture() {
    return new StandardError();
  }

  /** Everything printed to standard error so far. */
  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(saved);
    saved.print(text()); // still in the build's output
  }
}
