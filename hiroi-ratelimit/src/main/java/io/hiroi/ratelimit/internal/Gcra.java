package io.hiroi.ratelimit.internal;

/**
 * The generic cell rate algorithm's update step, as the in-memory backend runs it; the Redis
 * backend's {@code spend.lua} (and {@code spend_one.lua}, its one-limit form) is the same step in
 * Lua, and one contract suite checks that they agree.
 *
 * <p>Each limit keeps one number, its theoretical arrival time (TAT). Spending {@code n} permits
 * at {@code now} is allowed when {@code max(tat, now) + n * interval - now <= tolerance} for every
 * limit, and then moves every TAT to {@code max(tat, now) + n * interval}.
 */
public final class Gcra {
  private Gcra() {}

  /**
   * Runs one update.
   *
   * @param stored the stored TATs, one per limit, or {@code null} when none are stored
   * @param now the time in microseconds
   * @param intervals the limits' emission intervals in microseconds
   * @param tolerances the limits' tolerances in microseconds
   * @param permits the permits to spend
   * @return {@code [allowed ? 1 : 0, now, tat_1 ... tat_n]}, the TATs after the update when
   *     allowed (to be stored), {@code max(tat, now)} when not (store nothing)
   */
  public static long[] spend(long[] stored, long now, long[] intervals, long[] tolerances, long permits) {
    int n = intervals.length;
    long[] reply = new long[n + 2];
    reply[1] = now;
    boolean allowed = true;
    for (int i = 0; i < n; i++) {
      long tat = stored == null ? now : Math.max(stored[i], now);
      reply[i + 2] = tat;
      if (!fits(tat, now, intervals[i], tolerances[i], permits)) {
        allowed = false;
      }
    }
    if (allowed) {
      for (int i = 0; i < n; i++) {
        reply[i + 2] += permits * intervals[i];
      }
    }
    reply[0] = allowed ? 1 : 0;
    return reply;
  }

  /**
   * Says whether one limit allows the spend: {@code tat + permits * interval - now <= tolerance}.
   *
   * @param tat the limit's TAT, already {@code max(stored, now)}
   * @param now the time in microseconds
   * @param interval the limit's emission interval in microseconds
   * @param tolerance the limit's tolerance in microseconds
   * @param permits the permits to spend
   * @return whether the permits fit
   */
  public static boolean fits(long tat, long now, long interval, long tolerance, long permits) {
    return tat + permits * interval - now <= tolerance;
  }

  /**
   * Returns the latest of the TATs: when every limit has its whole burst back.
   *
   * @param tats the TATs
   * @return the latest
   */
  public static long latest(long[] tats) {
    long max = Long.MIN_VALUE;
    for (long t : tats) {
      max = Math.max(max, t);
    }
    return max;
  }
}
