package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedNumbers} always answers the text {@link Long#toString(long)} gives, whatever was
 * looked up before: many distinct sets of numbers (more than its slots, so they collide and
 * replace each other), in random order, and callers that change their arrays afterwards.
 */
class EncodedNumbersTest {
  @Test
  void text_isLongToString_forEveryLookup_acrossCollisionsAndReplacements() {
    EncodedNumbers memo = new EncodedNumbers();
    Random random = new Random(3);
    List<long[][]> sets = new ArrayList<>();
    for (int s = 0; s < 5 * EncodedNumbers.SLOTS; s++) {
      int limits = 1 + random.nextInt(3);
      long[] intervals = new long[limits];
      long[] tolerances = new long[limits];
      for (int i = 0; i < limits; i++) {
        intervals[i] = random.nextBoolean() ? 1 + random.nextInt(1000) : 1 + (random.nextLong() >>> 20);
        tolerances[i] = random.nextBoolean() ? 0 : random.nextLong() >>> 1;
      }
      sets.add(new long[][] {intervals, tolerances});
    }
    for (int round = 0; round < 2_000; round++) {
      long[][] set = sets.get(random.nextInt(sets.size()));
      assertText(memo.of(set[0], set[1]), set[0], set[1]);
    }
  }

  @Test
  void permits_isLongToString_smallAndLarge() {
    for (long permits : new long[] {0, 1, 2, 9, 10, 63, EncodedNumbers.SMALL, EncodedNumbers.SMALL + 1, 1_000, Long.MAX_VALUE}) {
      assertThat(new String(EncodedNumbers.permits(permits), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(permits));
    }
  }

  @Test
  void aCallersLaterChange_doesNotAlterWhatIsAnswered() {
    EncodedNumbers memo = new EncodedNumbers();
    long[] intervals = {60_000_000L};
    long[] tolerances = {600_000_000L};
    assertText(memo.of(intervals, tolerances), intervals, tolerances);
    intervals[0] = 7;
    tolerances[0] = 70;
    assertText(memo.of(intervals, tolerances), intervals, tolerances);
  }

  private static void assertText(byte[][] text, long[] intervals, long[] tolerances) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < intervals.length; i++) {
      expected.add(Long.toString(intervals[i]));
      expected.add(Long.toString(tolerances[i]));
    }
    List<String> actual = new ArrayList<>();
    for (byte[] t : text) {
      actual.add(new String(t, StandardCharsets.US_ASCII));
    }
    assertThat(actual).isEqualTo(expected);
  }
}
