package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecondFactorStepTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final SecondFactorStep step = new SecondFactorStep(clock);

  @Test
  void complete_forTheSubject_givesBothFactors_once() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    assertThat(step.subject(token)).hasValue("u_a");
    SecondFactorStep.Completion done = step.complete(token, AuthFactor.TOTP, "u_a");
    assertThat(done.isSuccess()).isTrue();
    assertThat(done.userId).isEqualTo("u_a");
    assertThat(done.factors).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);
    assertThat(step.complete(token, AuthFactor.TOTP, "u_a").failure).isEqualTo(SecondFactorStep.Failure.UNKNOWN);
    assertThat(step.subject(token)).isEmpty();
  }

  @Test
  void complete_forAnotherUser_isRefused_andEndsThePendingSignIn() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    assertThat(step.complete(token, AuthFactor.TOTP, "u_b").failure).isEqualTo(SecondFactorStep.Failure.SUBJECT_MISMATCH);
    assertThat(step.complete(token, AuthFactor.TOTP, "u_a").isSuccess()).isFalse();
  }

  @Test
  void aFirstFactor_cannotComplete() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    assertThat(step.complete(token, AuthFactor.MAGIC_LINK, "u_a").failure).isEqualTo(SecondFactorStep.Failure.NOT_A_SECOND_FACTOR);
    assertThat(step.subject(token)).as("still pending").hasValue("u_a");
  }

  @Test
  void pendingSignIns_expire() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    now.set(now.get().plus(SecondFactorStep.TTL));
    assertThat(step.subject(token)).isEmpty();
    assertThat(step.complete(token, AuthFactor.TOTP, "u_a").failure).isEqualTo(SecondFactorStep.Failure.EXPIRED);
  }

  @Test
  void pendingSignIns_liveUntilJustBeforeTheirTtl() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    now.set(now.get().plus(SecondFactorStep.TTL).minus(Duration.ofSeconds(1)));
    assertThat(step.subject(token)).hasValue("u_a");
  }

  @Test
  void wrongCodes_endThePendingSignIn_afterTheLimit() {
    String token = step.begin("u_a", Set.of(AuthFactor.PASSWORD));
    for (int i = 1; i < SecondFactorStep.MAX_FAILURES; i++) {
      assertThat(step.failed(token)).as("failure %d", i).isTrue();
    }
    assertThat(step.failed(token)).isFalse();
    assertThat(step.subject(token)).isEmpty();
  }

  @Test
  void badTokens_readAsNothing() {
    assertThat(step.subject(null)).isEmpty();
    assertThat(step.subject("")).isEmpty();
    assertThat(step.subject("not-a-token")).isEmpty();
    assertThat(step.failed("not-a-token")).isFalse();
    assertThat(step.complete("", AuthFactor.TOTP, "u_a").failure).isEqualTo(SecondFactorStep.Failure.UNKNOWN);
  }

  @Test
  void cookie_isHostPrefixed_short_andHttpOnly() {
    assertThat(SecondFactorStep.setCookie("t")).isEqualTo("__Host-signin=t; Path=/; Max-Age=300; Secure; HttpOnly; SameSite=Lax");
    assertThat(SecondFactorStep.clearCookie()).contains("Max-Age=0");
  }
}
