package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.PasswordHasher;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordResetServiceTest extends PasswordResetServiceContract {
  private final InMemoryOneTimeTokenStore tokens = InMemoryOneTimeTokenStore.create();
  private final InMemorySessionStore sessionStore = InMemorySessionStore.create();

  @TempDir Path auditDir;

  @Override
  protected OneTimeTokenStore tokenStore(int replica) {
    return tokens;
  }

  @Override
  protected SessionStore sessionStore(int replica) {
    return sessionStore;
  }

  private PasswordResetService.Builder builder() {
    return PasswordResetService.builder(OneTimeTokens.builder(tokens).clock(clock).build(), sessions(0), host, ResetFixture.HASHER, host);
  }

  @Test
  void passwordsOutOfBounds_areRefused_beforeTheTokenIsUsed() {
    PasswordResetService reset = service(0);
    reset.request(email, ClientInfo.unknown());
    String token = host.lastToken();
    assertThat(reset.reset(token, "short".toCharArray(), ClientInfo.unknown()).failure()).contains(PasswordReset.Failure.PASSWORD_TOO_SHORT);
    assertThat(reset.reset(token, "x".repeat(129).toCharArray(), ClientInfo.unknown()).failure())
        .contains(PasswordReset.Failure.PASSWORD_TOO_LONG);
    assertThat(reset.reset(token, ("valid but " + '\ud800').toCharArray(), ClientInfo.unknown()).failure())
        .contains(PasswordReset.Failure.PASSWORD_TOO_LONG);
    // A 7-character password of 4 emoji code points plus 3 letters is 7 characters, not 11.
    assertThat(reset.reset(token, "\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00abc".toCharArray(), ClientInfo.unknown()).failure())
        .contains(PasswordReset.Failure.PASSWORD_TOO_SHORT);
    assertThat(reset.reset(token, "x".repeat(128).toCharArray(), ClientInfo.unknown()).isSuccess()).isTrue();
  }

  @Test
  void aPasswordOverTheHashersByteLimit_isRefused_beforeTheTokenIsUsed() {
    PasswordHasher hasher72 =
        PasswordHasher.builder().insecureAllowWeakParameters().memoryKiB(1024).iterations(1).maxPasswordBytes(72).build();
    PasswordResetService reset =
        PasswordResetService.builder(OneTimeTokens.builder(tokens).clock(clock).build(), sessions(0), host, hasher72, host)
            .rateLimits(lots(), lots())
            .build();
    reset.request(email, ClientInfo.unknown());
    String token = host.lastToken();
    // 100 characters is within the 128-character maximum, but over the hasher's 72 bytes.
    assertThat(reset.reset(token, "x".repeat(100).toCharArray(), ClientInfo.unknown()).failure())
        .contains(PasswordReset.Failure.PASSWORD_TOO_LONG);
    // 25 characters of 3 UTF-8 bytes each: 75 bytes.
    assertThat(reset.reset(token, "\u20ac".repeat(25).toCharArray(), ClientInfo.unknown()).failure())
        .contains(PasswordReset.Failure.PASSWORD_TOO_LONG);
    // 18 emoji of 4 bytes each: exactly 72 bytes, accepted, and the token was still good.
    assertThat(reset.reset(token, "\ud83d\ude00".repeat(18).toCharArray(), ClientInfo.unknown()).isSuccess()).isTrue();
  }

  @Test
  void aFailedPasswordUpdate_isRecordedAfterTheCompletion_andPropagates() {
    try (TestAudit audit = new TestAudit(auditDir)) {
      PasswordResetService reset =
          PasswordResetService.builder(OneTimeTokens.builder(tokens).clock(clock).build(), sessions(0), host, ResetFixture.HASHER, host)
              .rateLimits(lots(), lots())
              .audit(AuthAudit.required(audit.log()))
              .build();
      reset.request(email, ClientInfo.unknown());
      host.updateFailure = new IllegalStateException("database down");
      assertThatThrownBy(() -> reset.reset(host.lastToken(), "new password 2".toCharArray(), ClientInfo.unknown()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("database down");
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_COMPLETED)).hasSize(1);
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_FAILED)).singleElement().asString().contains("\"reason\":\"update_failed\"");
    }
  }

  private static RateLimiter lots() {
    return RateLimiter.builder("reset", InMemoryRateLimitBackend.create()).limit(Limit.perHour("reset", 100)).build();
  }

  @Test
  void withASecondFactor_theResultSaysTheNextSignInNeedsIt() {
    host.add("mfa@example.com", "user-mfa", "old password 1", true);
    PasswordResetService reset = service(0);
    reset.request("mfa@example.com", ClientInfo.unknown());
    PasswordReset done = reset.reset(host.lastToken(), "new password 2".toCharArray(), ClientInfo.unknown());
    assertThat(done.isSuccess()).isTrue();
    assertThat(done.secondFactorRequired()).isTrue();
    assertThat(sessions(0).sessions("user-mfa")).isEmpty(); // the reset signed nobody in
  }

  @Test
  void requests_areLimitedPerAccount_andPerClient_alikeForUnknownEmails() {
    InMemoryRateLimitBackend limits = InMemoryRateLimitBackend.create();
    PasswordResetService reset =
        builder()
            .rateLimits(
                RateLimiter.builder("reset-account", limits).limit(Limit.perHour("reset", 2)).build(),
                RateLimiter.builder("reset-client", limits).limit(Limit.perHour("reset", 5)).build())
            .build();
    ClientInfo a = ClientInfo.of("192.0.2.1", "UA");
    assertThat(reset.request(email, a).isAccepted()).isTrue();
    assertThat(reset.request(email, a).isAccepted()).isTrue();
    PasswordResetRequest third = reset.request(email, ClientInfo.of("192.0.2.2", "UA"));
    assertThat(third.status()).isEqualTo(PasswordResetRequest.Status.THROTTLED);
    assertThat(third.retryAfter()).isPositive();
    assertThat(host.outbox).hasSize(2);
    String nobody = "nobody@example.com";
    assertThat(reset.request(nobody, a).isAccepted()).isTrue();
    assertThat(reset.request(nobody, a).isAccepted()).isTrue();
    assertThat(reset.request(nobody, ClientInfo.of("192.0.2.3", "UA")).status()).isEqualTo(PasswordResetRequest.Status.THROTTLED);
    // Client 192.0.2.1 has used 4 of its 5; the fifth passes, the sixth (another account) does not.
    assertThat(reset.request("c@example.com", a).isAccepted()).isTrue();
    assertThat(reset.request("d@example.com", a).status()).isEqualTo(PasswordResetRequest.Status.THROTTLED);
    // Reset attempts count against the client too, and are refused before the token is touched.
    PasswordReset throttled = reset.reset(host.outbox.get(0)[2], "new password 2".toCharArray(), a);
    assertThat(throttled.failure()).contains(PasswordReset.Failure.THROTTLED);
    assertThat(reset.reset(host.outbox.get(0)[2], "new password 2".toCharArray(), ClientInfo.of("192.0.2.9", "UA")).isSuccess()).isTrue();
  }

  @Test
  void everyStepIsAudited_andARequiredRecordThatFails_changesNothing() {
    try (TestAudit audit = new TestAudit(auditDir)) {
      InMemoryRateLimitBackend limits = InMemoryRateLimitBackend.create();
      RateLimiter lots = RateLimiter.builder("reset", limits).limit(Limit.perHour("reset", 100)).build();
      SessionManager sessions = SessionManager.builder(sessionStore).clock(clock).audit(AuthAudit.required(audit.log())).build();
      sessions.create(userId, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
      PasswordResetService reset =
          PasswordResetService.builder(OneTimeTokens.builder(tokens).clock(clock).build(), sessions, host, ResetFixture.HASHER, host)
              .rateLimits(lots, lots)
              .audit(AuthAudit.required(audit.log()))
              .build();
      reset.request(email, ClientInfo.of("192.0.2.1", "UA"));
      reset.request("nobody@example.com", ClientInfo.of("192.0.2.1", "UA"));
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_REQUESTED)).hasSize(2);
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_REQUESTED).get(0)).contains("\"actor\":\"" + userId + "\"", "\"registered\":true");
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_REQUESTED).get(1)).contains("\"actor\":null", "\"registered\":false");
      reset.reset(host.lastToken(), "new password 2".toCharArray(), ClientInfo.of("192.0.2.1", "UA"));
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_COMPLETED)).singleElement().asString().contains("\"second_factor\":false");
      assertThat(audit.ofType(AuthAudit.SESSIONS_REVOKED_ALL)).singleElement().asString().contains("\"count\":1");
      reset.reset(host.lastToken(), "new password 3".toCharArray(), ClientInfo.unknown());
      assertThat(audit.ofType(AuthAudit.PASSWORD_RESET_FAILED)).singleElement().asString().contains("\"reason\":\"invalid_token\"");

      reset.request(email, ClientInfo.unknown());
      String token = host.lastToken();
      String hashBefore = host.hashes.get(userId);
      audit.log().close(); // the trail is down: a required record cannot be written
      PasswordReset refused = reset.reset(token, "new password 4".toCharArray(), ClientInfo.unknown());
      assertThat(refused.failure()).contains(PasswordReset.Failure.AUDIT_UNAVAILABLE);
      assertThat(host.hashes.get(userId)).isEqualTo(hashBefore);
    }
  }

  @Test
  void misconfiguration_isRefused_withTheSettingNamed() {
    assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalStateException.class).hasMessage("rateLimits must be set");
    assertThatThrownBy(() -> builder().passwordLength(0, 10)).hasMessage("minPasswordLength must be between 1 and 256, was 0");
    assertThatThrownBy(() -> builder().passwordLength(10, 9)).hasMessage("maxPasswordLength must be between minPasswordLength (10) and 4096, was 9");
    assertThatThrownBy(() -> builder().tokenTtl(java.time.Duration.ofDays(2))).hasMessageStartingWith("tokenTtl must be between");
  }
}
