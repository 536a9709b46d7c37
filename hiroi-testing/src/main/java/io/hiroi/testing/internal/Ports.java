package io.hiroi.testing.internal;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;

/**
 * Free TCP ports on the loopback interface.
 *
 * <p>Ports are drawn at random from 10000..22767, so that the port and port + 10000 (a Redis
 * Cluster node's bus port) both stay below Linux's default ephemeral range (32768..60999), where
 * the kernel picks the local ports of outgoing connections. A port that is free now can still be
 * taken before the server binds it; callers retry on "address already in use".
 */
public final class Ports {
  /** The lowest port handed out. */
  public static final int LOW = 10_000;

  /** The highest port handed out. */
  public static final int HIGH = 22_767;

  /** The offset of a Redis Cluster node's bus port from its client port. */
  public static final int CLUSTER_BUS_OFFSET = 10_000;

  private static final int ATTEMPTS = 1_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ports() {}

  /**
   * Returns a port that is free on the loopback interface now.
   *
   * @return a port in {@link #LOW}..{@link #HIGH}
   * @throws IllegalStateException when no free port was found
   */
  public static int free() {
    return pick(false);
  }

  /**
   * Returns a port {@code p} such that {@code p} and {@code p + 10000} are both free now.
   *
   * @return a port in {@link #LOW}..{@link #HIGH}
   * @throws IllegalStateException when no such pair was found
   */
  public static int freeWithClusterBus() {
    return pick(true);
  }

  private static int pick(boolean withBus) {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = LOW + RANDOM.nextInt(HIGH - LOW + 1);
      if (isFree(port) && (!withBus || isFree(port + CLUSTER_BUS_OFFSET))) {
        return port;
      }
    }
    throw Errors.noFreePort(LOW, HIGH, ATTEMPTS);
  }

  /**
   * Says whether a port can be bound on the loopback interface now.
   *
   * @param port the port
   * @return {@code true} when a listening socket could be bound to it
   */
  @SuppressFBWarnings(
      value = "UNENCRYPTED_SERVER_SOCKET",
      justification = "only binds and closes a loopback socket to probe the port; no data is exchanged")
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
