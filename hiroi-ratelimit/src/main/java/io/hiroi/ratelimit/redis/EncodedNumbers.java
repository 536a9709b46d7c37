package io.hiroi.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The decimal ASCII text of a spend's numbers (each limit's interval and tolerance, and the
 * permits of each decision), written into a command as bytes: Lettuce's encoder otherwise builds a
 * {@code String} and a {@code byte[]} for every integer argument of every call, while these numbers
 * are the same for every call of a limiter. The limits' numbers come from a small memo of
 * {@value #SLOTS} entries, looked up by the numbers' values and checked against them in full, so a
 * hit is exactly the text {@link Long#toString(long)} gives; a miss encodes and replaces one slot.
 * Permits up to {@value #SMALL} come from a fixed table. Nothing a request sends is kept (the
 * numbers come from the limiters' configuration), and the memo never grows.
 *
 * <p>Thread-safe: entries are immutable and replaced whole.
 */
final class EncodedNumbers {
  static final int SLOTS = 8;
  static final int SMALL = 64;

  private static final byte[][] SMALL_NUMBERS = new byte[SMALL + 1][];

  static {
    for (int i = 0; i <= SMALL; i++) {
      SMALL_NUMBERS[i] = ascii(i);
    }
  }

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * The limits' numbers' text, {@code [interval_1, tolerance_1, ...]}; the arrays returned are
   * shared and must not be changed.
   */
  byte[][] of(long[] intervals, long[] tolerances) {
    int h = 1;
    for (int i = 0; i < intervals.length; i++) {
      h = 31 * (31 * h + Long.hashCode(intervals[i])) + Long.hashCode(tolerances[i]);
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = slots.get(slot);
    if (e == null || !e.matches(intervals, tolerances)) {
      e = new Entry(intervals, tolerances);
      slots.set(slot, e);
    }
    return e.text;
  }

  /** The text of a decision's permits; shared for small ones, which must not be changed. */
  static byte[] permits(long permits) {
    return permits >= 0 && permits <= SMALL ? SMALL_NUMBERS[(int) permits] : ascii(permits);
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static final class Entry {
    final long[] intervals;
    final long[] tolerances;
    final byte[][] text;

    Entry(long[] intervals, long[] tolerances) {
      this.intervals = intervals.clone();
      this.tolerances = tolerances.clone();
      text = new byte[2 * intervals.length][];
      for (int i = 0; i < intervals.length; i++) {
        text[2 * i] = ascii(intervals[i]);
        text[1 + 2 * i] = ascii(tolerances[i]);
      }
    }

    boolean matches(long[] intervals, long[] tolerances) {
      return Arrays.equals(this.intervals, intervals) && Arrays.equals(this.tolerances, tolerances);
    }
  }
}
