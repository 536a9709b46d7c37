package io.hiroi.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The decimal ASCII text of a spend's numbers ({@code permits}, then each limit's interval and
 * tolerance), written into a command as bytes: Lettuce's encoder otherwise builds a {@code String}
 * and a {@code byte[]} for every integer argument of every call, while these numbers are the same
 * for every call of a limiter. A small memo of {@value #SLOTS} entries, looked up by the numbers'
 * values and checked against them in full, so a hit is exactly the text {@link Long#toString(long)}
 * gives; a miss encodes and replaces one slot. Nothing a request sends is kept (the numbers come
 * from the limiters' configuration), and the memo never grows.
 *
 * <p>Thread-safe: entries are immutable and replaced whole.
 */
final class EncodedNumbers {
  static final int SLOTS = 8;

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * The numbers' text, {@code [permits, interval_1, tolerance_1, ...]}; the arrays returned are
   * shared and must not be changed.
   */
  byte[][] of(long permits, long[] intervals, long[] tolerances) {
    int h = Long.hashCode(permits);
    for (int i = 0; i < intervals.length; i++) {
      h = 31 * (31 * h + Long.hashCode(intervals[i])) + Long.hashCode(tolerances[i]);
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = slots.get(slot);
    if (e == null || !e.matches(permits, intervals, tolerances)) {
      e = new Entry(permits, intervals, tolerances);
      slots.set(slot, e);
    }
    return e.text;
  }

  private static final class Entry {
    final long permits;
    final long[] intervals;
    final long[] tolerances;
    final byte[][] text;

    Entry(long permits, long[] intervals, long[] tolerances) {
      this.permits = permits;
      this.intervals = intervals.clone();
      this.tolerances = tolerances.clone();
      text = new byte[1 + 2 * intervals.length][];
      text[0] = ascii(permits);
      for (int i = 0; i < intervals.length; i++) {
        text[1 + 2 * i] = ascii(intervals[i]);
        text[2 + 2 * i] = ascii(tolerances[i]);
      }
    }

    boolean matches(long permits, long[] intervals, long[] tolerances) {
      return this.permits == permits && Arrays.equals(this.intervals, intervals) && Arrays.equals(this.tolerances, tolerances);
    }

    private static byte[] ascii(long value) {
      return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
  }
}
