package io.hiroi.benchmarks.ratelimit;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands Lettuce clients send and see answered, by command type: with no pipelining,
 * one command is one network round trip. (The Redis server's own counts also include the commands
 * a Lua script runs inside the server, which cost no round trip.)
 */
final class CommandCounter implements CommandLatencyRecorder {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void recordCommandLatency(
      SocketAddress local, SocketAddress remote, ProtocolKeyword commandType, long firstResponseLatency, long completionLatency) {
    counts.computeIfAbsent(commandType.toString(), k -> new LongAdder()).increment();
  }

  void reset() {
    counts.values().forEach(LongAdder::reset);
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> {
      long n = v.sum();
      if (n > 0) {
        copy.put(k, n);
      }
    });
    return copy;
  }
}
