package io.hiroi.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs one benchmark for several values of a parameter in interleaved rounds and reports each
 * value's score as a ratio to a baseline value measured in the same round.
 *
 * <p>JMH runs every fork of one parameter value before the next value, so on a shared virtual
 * machine whose speed drifts by tens of percent over a minute a slow minute lands on one
 * implementation only, and the ratio of two such runs says more about the minute than about the
 * code. Here each round runs every value once, one fork each, back to back, in alternating order
 * (forward in even rounds, reversed in odd ones), so drift reaches both sides of each ratio alike;
 * the median of the per-round ratios, with the lowest and highest, is the figure to quote.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hiroi.benchmarks.Interleaved \
 *     TokenBenchmark.verify impl hiroi,hiroiWidget,rawHmac rawHmac 8 -- -wi 4 -i 4
 * </pre>
 *
 * <p>Arguments: the benchmark (a JMH include pattern that must select exactly one benchmark
 * method and mode), the parameter name, its comma-separated values, the baseline value (one of
 * them), the number of rounds, and optionally {@code --} followed by any other JMH options (their
 * fork count is replaced by one fork per run). Ratios are score over baseline score, in the
 * benchmark's own unit: for a time per operation, 2.0 means twice the baseline's time; for a
 * throughput, twice its throughput.
 *
 * <p>Not thread-safe; a command-line tool.
 */
public final class Interleaved {
  private Interleaved() {}

  /**
   * Runs the rounds and prints the table and the summary.
   *
   * @param args see the class documentation
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the JMH options after {@code --} are invalid
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    int split = Arrays.asList(args).indexOf("--");
    String[] own = split < 0 ? args : Arrays.copyOfRange(args, 0, split);
    String[] jmh = split < 0 ? new String[0] : Arrays.copyOfRange(args, split + 1, args.length);
    if (own.length != 5) {
      throw new IllegalArgumentException(
          "usage: Interleaved <benchmark> <param> <v1,v2,...> <baseline> <rounds> [-- <jmh options>]");
    }
    String benchmark = own[0];
    String param = own[1];
    List<String> values = List.of(own[2].split(","));
    String baseline = own[3];
    int rounds = Integer.parseInt(own[4]);
    if (!values.contains(baseline) || rounds < 1) {
      throw new IllegalArgumentException("the baseline must be one of the values, and rounds at least 1");
    }
    CommandLineOptions parent = new CommandLineOptions(jmh);
    Map<String, double[]> scores = new LinkedHashMap<>();
    values.forEach(v -> scores.put(v, new double[rounds]));
    String unit = "";
    for (int round = 0; round < rounds; round++) {
      for (String value : order(values, round)) {
        Collection<RunResult> results =
            new Runner(new OptionsBuilder().parent(parent).include(benchmark).param(param, value).forks(1).build())
                .run();
        if (results.size() != 1) {
          throw new IllegalStateException(
              "the pattern must select one benchmark and mode; it selected " + results.size() + " runs");
        }
        RunResult result = results.iterator().next();
        scores.get(value)[round] = result.getPrimaryResult().getScore();
        unit = result.getPrimaryResult().getScoreUnit();
      }
      System.out.println(table(scores, baseline, round + 1, unit));
    }
    System.out.println(summary(scores, baseline, unit));
  }

  /** The order of the values in a round: as given in even rounds, reversed in odd ones. */
  static List<String> order(List<String> values, int round) {
    List<String> order = new ArrayList<>(values);
    if (round % 2 == 1) {
      java.util.Collections.reverse(order);
    }
    return order;
  }

  /** The scores of the first {@code rounds} rounds, one line per round, with each ratio. */
  static String table(Map<String, double[]> scores, String baseline, int rounds, String unit) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n[interleaved] Interleaved rounds (%s)%n[interleaved] round", unit));
    scores.keySet().forEach(v -> out.append(String.format(Locale.ROOT, " %14s", v)));
    for (String v : scores.keySet()) {
      if (!v.equals(baseline)) {
        out.append(String.format(Locale.ROOT, " %14s", v + "/" + baseline));
      }
    }
    double[] base = scores.get(baseline);
    for (int r = 0; r < rounds; r++) {
      out.append(String.format(Locale.ROOT, "%n[interleaved] %5d", r + 1));
      for (double[] s : scores.values()) {
        out.append(String.format(Locale.ROOT, " %14.3f", s[r]));
      }
      for (Map.Entry<String, double[]> e : scores.entrySet()) {
        if (!e.getKey().equals(baseline)) {
          out.append(String.format(Locale.ROOT, " %14.3f", e.getValue()[r] / base[r]));
        }
      }
    }
    return out.toString();
  }

  /** Per value: the median score, and the median, lowest and highest ratio to the baseline. */
  static String summary(Map<String, double[]> scores, String baseline, String unit) {
    double[] base = scores.get(baseline);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n[interleaved] Summary over %d rounds", base.length));
    for (Map.Entry<String, double[]> e : scores.entrySet()) {
      double[] s = e.getValue();
      out.append(String.format(Locale.ROOT, "%n[interleaved] %-14s median %.3f %s", e.getKey(), median(s), unit));
      if (!e.getKey().equals(baseline)) {
        double[] ratios = new double[s.length];
        for (int r = 0; r < s.length; r++) {
          ratios[r] = s[r] / base[r];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        out.append(
            String.format(
                Locale.ROOT,
                "; ratio to %s: median %.3f, lowest %.3f, highest %.3f",
                baseline,
                median(ratios),
                sorted[0],
                sorted[sorted.length - 1]));
      }
    }
    return out.toString();
  }

  /** The median; the mean of the two middle values for an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
