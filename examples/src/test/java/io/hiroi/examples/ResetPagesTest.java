package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.PasswordReset;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each failed reset is answered for what happened to the password and to the link. */
class ResetPagesTest {
  @Test
  void theFormComesBack_exactlyWhereTheLinkStillWorks() {
    for (PasswordReset.Failure f : PasswordReset.Failure.values()) {
      ResetPages.Answer a = ResetPages.answer(f, Duration.ofMinutes(3));
      boolean unused = f == PasswordReset.Failure.THROTTLED || f == PasswordReset.Failure.PASSWORD_TOO_SHORT
          || f == PasswordReset.Failure.PASSWORD_TOO_LONG || f == PasswordReset.Failure.UNAVAILABLE;
      assertThat(a.formAgain).as(f.name()).isEqualTo(unused);
      assertThat(a.message.contains("invalid, expired or already used")).as(f.name()).isEqualTo(f == PasswordReset.Failure.INVALID_TOKEN);
      if (unused) {
        assertThat(a.message).as(f.name()).contains("link still works");
      }
    }
    assertThat(ResetPages.answer(PasswordReset.Failure.THROTTLED, Duration.ofMinutes(3)).status).isEqualTo(429);
    assertThat(ResetPages.answer(PasswordReset.Failure.THROTTLED, Duration.ofMinutes(3)).message).contains("3 minutes");
    ResetPages.Answer changed = ResetPages.answer(PasswordReset.Failure.SESSIONS_NOT_REVOKED, Duration.ZERO);
    assertThat(changed.status).isEqualTo(503);
    assertThat(changed.message).contains("Your password was changed").contains("Sign out everywhere");
    assertThat(ResetPages.answer(PasswordReset.Failure.AUDIT_UNAVAILABLE, Duration.ZERO).message).contains("password is unchanged");
  }
}
