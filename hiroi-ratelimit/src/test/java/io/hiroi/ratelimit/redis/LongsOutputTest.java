package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link LongsOutput} fed as Lettuce's protocol decoder feeds it: only a flat array of integers
 * gives a {@code long[]}; every other shape gives {@code null} (reported as a bad reply).
 */
class LongsOutputTest {
  @Test
  void flatArrayOfIntegers_isReadAsIs() {
    LongsOutput out = new LongsOutput();
    out.multi(3);
    out.set(1L);
    out.set(1_733_050_000_000_000L);
    out.set(-7L);
    out.complete(0);
    assertThat(out.get()).containsExactly(1L, 1_733_050_000_000_000L, -7L);
  }

  @Test
  void emptyArray_isAnEmptyResult() {
    LongsOutput out = new LongsOutput();
    out.multi(0);
    assertThat(out.get()).isEmpty();
  }

  @Test
  void otherShapes_giveNoResult() {
    assertThat(fed(o -> {})).as("no reply at all").isNull();
    assertThat(fed(o -> o.multi(-1))).as("null array").isNull();
    assertThat(fed(o -> {
      o.multi(2);
      o.set(1L);
    })).as("fewer elements than announced").isNull();
    assertThat(fed(o -> {
      o.multi(1);
      o.set(1L);
      o.set(2L);
    })).as("more elements than announced").isNull();
    assertThat(fed(o -> {
      o.multi(2);
      o.set(1L);
      o.multi(1);
      o.set(2L);
    })).as("nested array").isNull();
    assertThat(fed(o -> {
      o.multi(2);
      o.set(1L);
      o.set(ByteBuffer.wrap("2".getBytes(StandardCharsets.US_ASCII)));
    })).as("a string element").isNull();
    assertThat(fed(o -> {
      o.multi(1);
      o.set(1.5);
    })).as("a double").isNull();
    assertThat(fed(o -> {
      o.multi(1);
      o.set(true);
    })).as("a boolean").isNull();
    assertThat(fed(o -> o.set(5L))).as("a bare integer").isNull();
  }

  @Test
  void oneDecisionReply_isSpendsReplyForOneLimit_withNowZero() {
    LongsOutput allowed = LongsOutput.ofOneDecision();
    allowed.set(1_500_000L);
    assertThat(allowed.get()).containsExactly(1L, 0L, 1_500_000L);
    LongsOutput deniedAhead = LongsOutput.ofOneDecision();
    deniedAhead.set(-7L);
    assertThat(deniedAhead.get()).containsExactly(0L, 0L, 6L);
    LongsOutput deniedAtNow = LongsOutput.ofOneDecision();
    deniedAtNow.set(-1L);
    assertThat(deniedAtNow.get()).containsExactly(0L, 0L, 0L);
    LongsOutput extreme = LongsOutput.ofOneDecision();
    extreme.set(Long.MIN_VALUE);
    assertThat(extreme.get()).containsExactly(0L, 0L, Long.MAX_VALUE);
  }

  @Test
  void oneDecisionReply_ofAnyOtherShape_givesNoResult() {
    assertThat(fedOne(o -> {})).as("no reply at all").isNull();
    assertThat(fedOne(o -> {
      o.multi(3);
      o.set(1L);
      o.set(0L);
      o.set(5L);
    })).as("spend.lua's array").isNull();
    assertThat(fedOne(o -> {
      o.set(1L);
      o.set(2L);
    })).as("two integers").isNull();
    assertThat(fedOne(o -> o.set(ByteBuffer.wrap("5".getBytes(StandardCharsets.US_ASCII))))).as("a string").isNull();
    assertThat(fedOne(o -> o.set(1.5))).as("a double").isNull();
  }

  @Test
  void errorReply_isKeptAsLettucesError() {
    LongsOutput out = new LongsOutput();
    out.setError("NOSCRIPT No matching script");
    assertThat(out.hasError()).isTrue();
    assertThat(out.getError()).startsWith("NOSCRIPT");
  }

  private static long[] fedOne(java.util.function.Consumer<LongsOutput> feed) {
    LongsOutput out = LongsOutput.ofOneDecision();
    feed.accept(out);
    return out.get();
  }

  private static long[] fed(java.util.function.Consumer<LongsOutput> feed) {
    LongsOutput out = new LongsOutput();
    feed.accept(out);
    return out.get();
  }
}
