package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserFactorsTest {
  private final UserFactors factors = new UserFactors();

  @Test
  void totp_isActiveOnlyAfterConfirmation_ofTheSamePendingSecret() {
    factors.pendingTotp("u_a", "envelope-1");
    assertThat(factors.hasTotp("u_a")).isFalse();
    factors.pendingTotp("u_a", "envelope-2"); // a second "set up" replaces the first
    assertThat(factors.activateTotp("u_a", "envelope-1")).as("a stale confirmation").isFalse();
    assertThat(factors.activateTotp("u_a", "envelope-2")).isTrue();
    assertThat(factors.totpSecret("u_a")).hasValue("envelope-2");
    assertThat(factors.pendingTotp("u_a")).isEmpty();
    assertThat(factors.removeTotp("u_a")).isTrue();
    assertThat(factors.hasTotp("u_a")).isFalse();
    assertThat(factors.removeTotp("u_a")).isFalse();
  }

  @Test
  void userHandles_areStable_perUser_andMapBack() {
    String a = factors.userHandle("u_a");
    assertThat(factors.userHandle("u_a")).isEqualTo(a);
    assertThat(factors.userHandle("u_b")).isNotEqualTo(a);
    assertThat(factors.userOfHandle(a)).hasValue("u_a");
    assertThat(factors.userOfHandle("unknown")).isEmpty();
  }
}
