package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitTest {
  @Test
  void of_keepsTheDeclaredValues_andBurstDefaultsToPermits() {
    Limit limit = Limit.of("login.minute", 5, Duration.ofMinutes(1));
    assertThat(limit.name()).isEqualTo("login.minute");
    assertThat(limit.permits()).isEqualTo(5);
    assertThat(limit.period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(limit.burst()).isEqualTo(5);
    assertThat(limit.intervalMicros()).isEqualTo(12_000_000);
    assertThat(limit.toleranceMicros()).isEqualTo(60_000_000);
    assertThat(limit.withBurst(1).toleranceMicros()).isEqualTo(12_000_000);
    assertThat(limit).hasToString("Limit{login.minute: 5 per PT1M, burst 5}");
  }

  @Test
  void interval_isRoundedUp_soTheLimitIsNeverLooser() {
    assertThat(Limit.perSecond("s", 7).intervalMicros()).isEqualTo(142_858);
    assertThat(Limit.perHour("h", 7).intervalMicros()).isEqualTo(514_285_715);
    assertThat(Limit.of("max", 1000, Duration.ofMillis(1)).intervalMicros()).isEqualTo(1);
  }

  @Test
  void bigBursts_areCapped_andEqualityUsesEveryField() {
    assertThat(Limit.of("day", 10_000_000, Duration.ofDays(1)).burst()).isEqualTo(Limit.MAX_BURST);
    assertThat(Limit.perMinute("a", 5)).isEqualTo(Limit.perMinute("a", 5)).hasSameHashCodeAs(Limit.perMinute("a", 5));
    assertThat(Limit.perMinute("a", 5)).isNotEqualTo(Limit.perMinute("a", 5).withBurst(4)).isNotEqualTo(Limit.perMinute("b", 5));
  }

  @Test
  void badValues_areRejected_withTheSettingNamed() {
    assertThatThrownBy(() -> Limit.perMinute("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and 60000000 (one per microsecond), was 0");
    assertThatThrownBy(() -> Limit.of("a", 1, Duration.ofDays(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be between PT0.001S and PT744H, was PT768H");
    assertThatThrownBy(() -> Limit.of("a", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Limit.perMinute("a", 5).withBurst(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be between 1 and 1000000, was 0");
    assertThatThrownBy(() -> Limit.of("a", 1, Duration.ofDays(31)).withBurst(12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst x (period / permits) must be between 0 and 366 days, was 12 x 2678400000000 µs");
    for (String bad : new String[] {"", "Upper", "-lead", "sp ace", "a{b}", "x".repeat(33), "ünï"}) {
      assertThatThrownBy(() -> Limit.perMinute(bad, 1))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("name must be 1 to 32 of a-z 0-9 . _ - (namespace: a-z 0-9 _ -), starting with a letter or digit");
    }
    assertThatThrownBy(() -> Limit.perMinute(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }
}
