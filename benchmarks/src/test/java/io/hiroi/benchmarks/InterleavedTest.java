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
  void ratiosArePerRoundNotOfTheMedians() {
    // Per round the ratios are 2, 0.5 and 3 (median 2); the two values' own medians, 200 and 300,
    // would give 0.667.
    Map<String, double[]> scores = new LinkedHashMap<>();
    scores.put("hiroi", new double[] {100, 200, 900});
    scores.put("raw", new double[] {50, 400, 300});
    String summary = Interleaved.summary(scores, "raw", "ns/op");
    assertThat(summary)
        .contains("hiroi          median 200.000 ns/op; ratio to raw: median 2.000, lowest 0.500, highest 3.000")
        .contains("raw            median 300.000 ns/op")
        .doesNotContain("raw            median 300.000 ns/op; ratio");
    String table = Interleaved.table(scores, "raw", 3, "ns/op");
    assertThat(table).contains("hiroi/raw").contains("0.500").contains("3.000");
  }
}
