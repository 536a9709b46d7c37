package io.hiroi.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Nanoseconds spent by several implementations in alternating slices of one benchmark
 * invocation, turned into per-iteration ratios to a baseline.
 *
 * <p>A benchmark using it runs, in each invocation, a slice of a few hundred operations of every
 * implementation back to back in the same JVM and reports each slice's elapsed time here. The
 * slices last well under a millisecond, so a drift of the machine's speed (on a shared virtual
 * machine it moves by tens of percent from one second to the next) reaches every implementation
 * alike, and the per-iteration ratio measures the code rather than the minute. Each
 * implementation is called from its own loop, on its concrete type, so no call site sees two
 * receivers.
 *
 * <p>Not thread-safe: one instance per benchmark thread ({@code Scope.Thread} state).
 */
public final class Slices {
  private final String[] names;
  private final int operationsPerSlice;
  private final long[] nanos;
  private long slices;
  private final List<double[]> measured = new ArrayList<>();

  /**
   * Starts the counts.
   *
   * @param operationsPerSlice operations each slice runs, the same for every implementation
   * @param names the implementations in the order their times are reported; the last is the
   *     baseline
   */
  public Slices(int operationsPerSlice, String... names) {
    if (names.length < 2 || operationsPerSlice < 1) {
      throw new IllegalArgumentException("at least two implementations and one operation per slice");
    }
    this.names = names.clone();
    this.operationsPerSlice = operationsPerSlice;
    this.nanos = new long[names.length];
  }

  /**
   * Adds one slice's elapsed time of implementation {@code index}.
   *
   * @param index the implementation's position in the constructor's names
   * @param elapsedNanos the slice's time
   */
  public void add(int index, long elapsedNanos) {
    nanos[index] += elapsedNanos;
    if (index == names.length - 1) {
      slices++;
    }
  }

  /**
   * Ends an iteration: prints each implementation's time per operation and its ratio to the
   * baseline, keeps the ratios if the iteration was measured, and zeroes the counts.
   *
   * @param measurement whether it was a measurement iteration (warm-up iterations are printed only)
   */
  public void endIteration(boolean measurement) {
    if (slices == 0) {
      return;
    }
    double[] perOp = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      perOp[i] = nanos[i] / (double) (slices * operationsPerSlice);
    }
    double base = perOp[names.length - 1];
    double[] ratios = new double[names.length - 1];
    StringBuilder line = new StringBuilder(measurement ? "[slices] measured:" : "[slices] warm-up: ");
    for (int i = 0; i < names.length; i++) {
      line.append(String.format(Locale.ROOT, " %s %.1f ns/op", names[i], perOp[i]));
      if (i < ratios.length) {
        ratios[i] = perOp[i] / base;
        line.append(String.format(Locale.ROOT, " (%.3fx)", ratios[i]));
      }
      line.append(i < names.length - 1 ? ";" : "");
    }
    System.out.println();
    System.out.println(line);
    if (measurement) {
      measured.add(ratios);
    }
    Arrays.fill(nanos, 0);
    slices = 0;
  }

  /**
   * Returns, and prints, the median and range of each implementation's ratio to the baseline over
   * the measured iterations.
   *
   * @return one line per implementation but the baseline
   */
  public String summary() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.length - 1; i++) {
      double[] r = new double[measured.size()];
      for (int k = 0; k < r.length; k++) {
        r[k] = measured.get(k)[i];
      }
      if (r.length == 0) {
        continue;
      }
      double[] sorted = r.clone();
      Arrays.sort(sorted);
      out.append(
          String.format(
              Locale.ROOT,
              "[slices] %s / %s over %d measured iterations: median %.3f, lowest %.3f, highest %.3f%n",
              names[i],
              names[names.length - 1],
              r.length,
              Interleaved.median(r),
              sorted[0],
              sorted[sorted.length - 1]));
    }
    System.out.println();
    System.out.print(out);
    return out.toString();
  }
}
