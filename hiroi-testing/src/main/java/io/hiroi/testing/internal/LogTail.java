package io.hiroi.testing.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a server's log file, for error messages. */
public final class LogTail {
  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  /**
   * Returns up to {@code maxLines} last lines of {@code file} (read from its last 16 KiB), or a
   * note saying why there are none.
   *
   * @param file the log file
   * @param maxLines how many lines at most
   * @return the lines joined by newlines, never {@code null}
   */
  public static String of(Path file, int maxLines) {
    if (!Files.isRegularFile(file)) {
      return "(no log file at " + file + ")";
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      int length = (int) Math.min(size, MAX_BYTES);
      channel.position(size - length);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading until the buffer is full or the file ends
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\\R"));
      if (size > length && lines.size() > 1) {
        lines = lines.subList(1, lines.size()); // the first line was cut in the middle
      }
      List<String> tail = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
      String joined = String.join("\n", tail).strip();
      return joined.isEmpty() ? "(log file " + file + " is empty)" : joined;
    } catch (IOException e) {
      return "(cannot read log file " + file + ": " + e + ")";
    }
  }
}
