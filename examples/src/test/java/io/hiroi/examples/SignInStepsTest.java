package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInStepsTest {
  @Test
  void pendingSignInCookie_isHostPrefixed_shortLived_andHttpOnly() {
    assertThat(SignInSteps.setCookie("t")).isEqualTo("__Host-signin=t; Path=/; Max-Age=300; Secure; HttpOnly; SameSite=Lax");
    assertThat(SignInSteps.clearCookie()).isEqualTo("__Host-signin=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
  }
}
