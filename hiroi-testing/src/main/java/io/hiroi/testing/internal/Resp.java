package io.hiroi.testing.internal;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client for the servers this module starts itself (plain TCP on loopback, no
 * password): enough for PING and the CLUSTER commands that form a cluster. Tests use Lettuce.
 *
 * <p>Not thread-safe: one connection per caller, closed after use.
 */
public final class Resp implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Resp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /**
   * Connects to a server on the loopback interface.
   *
   * @param port the server's port
   * @param timeout the connect timeout and the read timeout of every reply
   * @return the open connection
   * @throws IOException when the connection cannot be made
   */
  @SuppressFBWarnings(
      value = "UNENCRYPTED_SOCKET",
      justification = "talks only to redis-server processes this module started on 127.0.0.1, without TLS")
  public static Resp connect(int port, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, timeout.toMillis());
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
      socket.setSoTimeout(millis);
      return new Resp(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one command and reads its reply.
   *
   * @param args the command and its arguments
   * @return a {@code String} (simple or bulk string), {@code Long} (integer), {@code List} (array)
   *     or {@code null} (nil)
   * @throws RespError when the server answers with an error
   * @throws IOException when the connection fails or times out
   */
  public Object call(String... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    writeAscii(request, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      writeAscii(request, "$" + bytes.length + "\r\n");
      request.write(bytes, 0, bytes.length);
      writeAscii(request, "\r\n");
    }
    request.writeTo(out);
    out.flush();
    return read();
  }

  private static void writeAscii(ByteArrayOutputStream target, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    target.write(bytes, 0, bytes.length);
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RespError(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readNBytes(length);
          if (bytes.length != length) {
            throw new EOFException("connection closed inside a bulk string");
          }
          readLine();
          return new String(bytes, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(read());
          }
          return items;
        }
      default:
        throw new IOException("unexpected RESP type byte " + type);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed inside a reply");
      }
      if (b == '\r') {
        int next = in.read();
        if (next != '\n') {
          throw new IOException("malformed RESP line ending");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** An error reply ({@code -ERR ...}) from the server. */
  public static final class RespError extends IOException {
    private static final long serialVersionUID = 1L;

    RespError(String message) {
      super(message);
    }
  }
}
