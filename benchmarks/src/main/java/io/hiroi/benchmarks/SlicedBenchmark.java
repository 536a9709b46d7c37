package io.hiroi.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The base of a paired-slice benchmark ({@link Slices}): holds the slices and prints them after each
 * iteration and at the end of the trial. A subclass times one slice of each implementation per
 * invocation, each from its own loop, and reports the times to {@link #slices}.
 *
 * <p>Not thread-safe: a {@code Scope.Thread} state, one per benchmark thread.
 */
@State(Scope.Thread)
public abstract class SlicedBenchmark {
  /** The slice times of this thread. */
  protected final Slices slices;

  /**
   * Starts the counts.
   *
   * @param operationsPerSlice operations each slice runs
   * @param names the implementations in the order their times are reported; the last is the
   *     baseline
   */
  protected SlicedBenchmark(int operationsPerSlice, String... names) {
    this.slices = new Slices(operationsPerSlice, names);
  }

  /**
   * Prints the iteration's figures.
   *
   * @param iteration whether this was a warm-up or a measurement iteration
   */
  @TearDown(Level.Iteration)
  public void endIteration(IterationParams iteration) {
    slices.endIteration(iteration.getType() == IterationType.MEASUREMENT);
  }

  /** Prints the median ratios. */
  @TearDown(Level.Trial)
  public void summary() {
    slices.summary();
  }
}
