package io.hiroi.crypto;

import static io.hiroi.crypto.TokenTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.TokenVerification.Failure;
import org.junit.jupiter.api.Test;

class TokenVerificationTest {
  @Test
  void valid_holdsTheClaims_andNoFailure() {
    TokenClaims claims = TokenClaims.builder().audience("a").expiresAt(T0).build();
    TokenVerification v = TokenVerification.valid(claims);
    assertThat(v.isValid()).isTrue();
    assertThat(v.claims()).isSameAs(claims);
    assertThat(v.failure()).isEmpty();
    assertThat(v).hasToString("TokenVerification[valid]");
  }

  @Test
  void invalid_holdsTheReason_andRefusesClaims_forEveryReason() {
    for (Failure reason : Failure.values()) {
      TokenVerification v = TokenVerification.invalid(reason);
      assertThat(v.isValid()).isFalse();
      assertThat(v.failure()).contains(reason);
      assertThat(v).hasToString("TokenVerification[invalid: " + reason + "]");
      assertThatThrownBy(v::claims)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the token is not valid (" + reason + "); check isValid() before claims()");
      assertThat(TokenVerification.invalid(reason)).isSameAs(v);
    }
  }

  @Test
  void valid_rejectsNullClaims() {
    assertThatThrownBy(() -> TokenVerification.valid(null)).isInstanceOf(NullPointerException.class).hasMessage("claims");
  }
}
