package io.hiroi.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterleavedTest {
  @Test
  void oddRoundsRunTheValuesInReverse() {
    List<String> values = List.of("a", "b", "c");
    assertThat(Interleaved.order(values, 0)).containsExactly("a", "b", "c");
    assertThat(Interleaved.order(values, 1)).containsExactly("c", "b", "a");
    assertThat(Interleaved.order(values, 2)).containsExactly("a", "b", "c");
    assertThat(values).containsExactly("a", "b", "c");
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Interleaved.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Interleaved.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void ratiosArePerRoundNotOfTheMeans() {
    // Round 1 is slow for both, round 2 fast for both: each round's ratio is exactly 1.5, while
    // a ratio of the two values' separate medians or means would be too.
    // Round 3 puts the drift on one side only; per round the ratios are 1.5, 1.5 and 3.
    Map<String, double[]> scores = new LinkedHashMap<>();
    scores.put("hiroi", new double[] {300, 150, 600});
    scores.put("raw", new double[] {200, 100, 200});
    String summary = Interleaved.summary(scores, "raw", "ns/op");
    assertThat(summary)
        .contains("hiroi          median 300.000 ns/op; ratio to raw: median 1.500, lowest 1.500, highest 3.000")
        .contains("raw            median 200.000 ns/op")
        .doesNotContain("raw            median 200.000 ns/op; ratio");
    String table = Interleaved.table(scores, "raw", 3, "ns/op");
    assertThat(table).contains("hiroi/raw").contains("3.000");
  }
}
