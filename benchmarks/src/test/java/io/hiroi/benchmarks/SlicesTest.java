package io.hiroi.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlicesTest {
  @Test
  void perIterationRatios_areOfTheSameIteration_andWarmUpIsLeftOut() {
    Slices slices = new Slices(100, "hiroi", "raw");
    // A warm-up iteration far off the measured ones: it must not reach the summary.
    slices.add(0, 9_000_000);
    slices.add(1, 100_000);
    slices.endIteration(false);
    // Measured: a slow iteration and a fast one, each with hiroi at 1.5x and then 2x the raw time.
    slices.add(0, 300_000);
    slices.add(1, 200_000);
    slices.add(0, 300_000);
    slices.add(1, 200_000);
    slices.endIteration(true);
    slices.add(0, 100_000);
    slices.add(1, 50_000);
    slices.endIteration(true);
    assertThat(slices.summary())
        .contains("hiroi / raw over 2 measured iterations: median 1.750, lowest 1.500, highest 2.000");
  }

  @Test
  void anIterationWithoutSlices_isSkipped() {
    Slices slices = new Slices(10, "a", "b");
    slices.endIteration(true);
    slices.add(0, 30);
    slices.add(1, 10);
    slices.endIteration(true);
    assertThat(slices.summary()).contains("over 1 measured iterations: median 3.000");
  }

  @Test
  void oneImplementationOrNoOperations_isRefused() {
    assertThatThrownBy(() -> new Slices(10, "only")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Slices(0, "a", "b")).isInstanceOf(IllegalArgumentException.class);
  }
}
