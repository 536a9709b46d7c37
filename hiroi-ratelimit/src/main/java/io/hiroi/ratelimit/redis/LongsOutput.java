package io.hiroi.ratelimit.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;

/**
 * Reads a script's reply that must be one flat array of integers straight into a {@code long[]},
 * without the list and the boxed numbers of Lettuce's {@code MULTI} output ({@link
 * #ofOneDecision()}: the one integer of {@code spend_one.lua} instead). Any other shape (a
 * string, a nested or null array, a double, a boolean, more elements than announced) leaves
 * {@link #get()} {@code null}, which the caller reports as a bad reply; an error reply stays
 * Lettuce's error (the command completes exceptionally).
 *
 * <p>Not thread-safe; one per command, as every Lettuce output (Lettuce's I/O thread fills it).
 */
final class LongsOutput extends CommandOutput<String, String, long[]> {
  private final boolean oneDecision;
  private int next;
  private boolean malformed;

  LongsOutput() {
    this(false);
  }

  private LongsOutput(boolean oneDecision) {
    super(StringCodec.UTF8, null);
    this.oneDecision = oneDecision;
  }

  /**
   * Reads {@code spend_one.lua}'s reply, one integer: {@code ahead >= 0} for an allowed decision
   * (how far its TAT is ahead of the server's time, in µs) and {@code -ahead - 1} for a denied one,
   * into the reply {@code spend.lua} gives for one decision on one limit, {@code {allowed, now,
   * tat}}, with {@code now} 0 and {@code tat} = {@code ahead} (only their difference is used).
   * Anything but one integer leaves {@link #get()} {@code null}.
   *
   * @return a new output
   */
  static LongsOutput ofOneDecision() {
    return new LongsOutput(true);
  }

  @Override
  public void multi(int count) {
    if (oneDecision || output != null || count < 0) {
      malformed = true; // a nested or a null array
    } else {
      output = new long[count];
    }
  }

  @Override
  public void set(long integer) {
    if (oneDecision) {
      if (output != null) {
        malformed = true;
      } else {
        output = integer >= 0 ? new long[] {1, 0, integer} : new long[] {0, 0, -(integer + 1)};
        next = output.length;
      }
    } else if (output == null || next == output.length) {
      malformed = true;
    } else {
      output[next++] = integer;
    }
  }

  @Override
  public void set(ByteBuffer bytes) {
    malformed = true;
  }

  @Override
  public void setSingle(ByteBuffer bytes) {
    malformed = true;
  }

  @Override
  public void setBigNumber(ByteBuffer bytes) {
    malformed = true;
  }

  @Override
  public void set(double number) {
    malformed = true;
  }

  @Override
  public void set(boolean value) {
    malformed = true;
  }

  /** The integers, or {@code null} when the reply was not exactly a flat array of them. */
  @Override
  public long[] get() {
    return malformed || output == null || next != output.length ? null : output;
  }
}
