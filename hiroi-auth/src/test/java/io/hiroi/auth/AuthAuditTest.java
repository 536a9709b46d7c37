package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events of sign-in and sessions, and what a failed record does under each policy, on a real file-backed log. */
class AuthAuditTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final InMemorySessionStore store = InMemorySessionStore.create(1000, clock);
  private final ResetFixture host = new ResetFixture();
  private final ClientInfo client = ClientInfo.of("203.0.113.9", "Mozilla/5.0 (test)");
  private final RateLimitKey ip = RateLimitKey.of("test", "203.0.113.9");

  @TempDir Path dir;

  AuthAuditTest() {
    host.add("alice@example.com", "user-1", "correct horse", false);
  }

  private PasswordAuthenticator logins(AuthAudit audit) {
    return PasswordAuthenticator.create(
        ResetFixture.HASHER, host, AuthThrottle.builder("login", InMemoryRateLimitBackend.create()).accountFreeFailures(2).build(), audit);
  }

  private SessionManager sessions(AuthAudit audit) {
    return SessionManager.builder(store).clock(clock).audit(audit).build();
  }

  @Test
  void signIns_recordSuccessFailureAndThrottling_withoutTheTypedEmail() {
    try (TestAudit audit = new TestAudit(dir)) {
      PasswordAuthenticator logins = logins(AuthAudit.required(audit.log()));
      assertThat(logins.authenticate("alice@example.com", "correct horse".toCharArray(), ip, client).isSuccess()).isTrue();
      logins.authenticate("alice@example.com", "wrong".toCharArray(), ip, client);
      logins.authenticate("mistyped-password-in-email", "x".toCharArray(), ip, client);
      logins.authenticate("alice@example.com", "wrong".toCharArray(), ip, client);
      logins.authenticate("alice@example.com", "wrong".toCharArray(), ip, client);
      PasswordCheck throttled = logins.authenticate("alice@example.com", "correct horse".toCharArray(), ip, client);
      assertThat(throttled.failure()).contains(PasswordCheck.Failure.THROTTLED);

      assertThat(audit.ofType(AuthAudit.LOGIN_SUCCEEDED))
          .singleElement()
          .asString()
          .contains("\"actor\":\"user-1\"", "\"outcome\":\"success\"", "\"ip\":\"203.0.113.9\"", "\"ua\":\"Mozilla/5.0 (test)\"", "\"method\":\"password\"");
      List<String> failed = audit.ofType(AuthAudit.LOGIN_FAILED);
      assertThat(failed).hasSize(3); // the fifth attempt is already throttled (2 free failures)
      assertThat(failed.get(0)).contains("\"actor\":\"user-1\"", "\"reason\":\"wrong_password\"", "\"outcome\":\"failure\"");
      assertThat(failed.get(1)).contains("\"actor\":null", "\"reason\":\"unknown_account\"");
      assertThat(audit.ofType(AuthAudit.LOGIN_THROTTLED)).hasSize(2);
      assertThat(audit.ofType(AuthAudit.LOGIN_THROTTLED).get(1)).contains("\"outcome\":\"denied\"", "\"scope\":\"account\"", "\"retry_after_s\":");
      assertThat(audit.lines()).noneMatch(l -> l.contains("mistyped-password-in-email") || l.contains("alice@example.com"));
    }
  }

  @Test
  void sessionEvents_areRecorded_withAShortHandleAndNeverTheIdOrToken() {
    try (TestAudit audit = new TestAudit(dir)) {
      SessionManager sessions = sessions(AuthAudit.required(audit.log()));
      IssuedSession a = sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
      IssuedSession rotated = sessions.rotate(a.token(), Set.of(AuthFactor.PASSWORD, AuthFactor.TOTP)).orElseThrow();
      IssuedSession b = sessions.create("user-1", Set.of(AuthFactor.PASSKEY), client);
      assertThat(sessions.revoke(b.token())).isTrue();
      sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
      assertThat(sessions.revokeAll("user-1")).isEqualTo(2);

      assertThat(audit.ofType(AuthAudit.SESSION_CREATED)).hasSize(3);
      assertThat(audit.ofType(AuthAudit.SESSION_CREATED).get(0))
          .contains("\"session\":\"" + a.session().id().substring(0, 8) + "\"", "\"factors\":\"password\"", "\"ip\":\"203.0.113.9\"");
      assertThat(audit.ofType(AuthAudit.SESSION_ROTATED))
          .singleElement()
          .asString()
          .contains("\"session\":\"" + rotated.session().id().substring(0, 8) + "\"", "\"factors\":\"password,totp\"");
      assertThat(audit.ofType(AuthAudit.SESSION_REVOKED)).singleElement().asString().contains(b.session().id().substring(0, 8));
      assertThat(audit.ofType(AuthAudit.SESSIONS_REVOKED_ALL)).singleElement().asString().contains("\"count\":2", "\"actor\":\"user-1\"");
      for (String line : audit.lines()) {
        for (IssuedSession s : List.of(a, rotated, b)) {
          assertThat(line).doesNotContain(s.token()).doesNotContain(s.session().id());
        }
      }
    }
  }

  @Test
  void required_grantsNothingUnrecorded_butDenialsAndEndingsStand() {
    TestAudit audit = new TestAudit(dir);
    SessionManager sessions = sessions(AuthAudit.required(audit.log()));
    IssuedSession before = sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
    IssuedSession second = sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
    PasswordAuthenticator logins = logins(AuthAudit.required(audit.log()));
    audit.close(); // the trail is down from here on

    PasswordCheck login = logins.authenticate("alice@example.com", "correct horse".toCharArray(), ip, client);
    assertThat(login.isSuccess()).isFalse();
    assertThat(login.failure()).contains(PasswordCheck.Failure.AUDIT_UNAVAILABLE);
    assertThat(logins.authenticate("alice@example.com", "wrong".toCharArray(), ip, client).failure())
        .contains(PasswordCheck.Failure.WRONG_PASSWORD);

    assertThatThrownBy(() -> sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("required audit record auth.session.created could not be written; the operation was undone");
    assertThat(sessions.sessions("user-1")).extracting(Session::id).containsExactlyInAnyOrder(before.session().id(), second.session().id());

    assertThatThrownBy(() -> sessions.rotate(before.token(), Set.of(AuthFactor.TOTP)))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("required audit record auth.session.rotated could not be written; the operation was undone");
    assertThat(sessions.validate(before.token()).isValid()).isFalse(); // the old token ended with the rotation
    assertThat(sessions.sessions("user-1")).extracting(Session::id).containsExactly(second.session().id());

    assertThat(sessions.revoke(second.token())).isTrue();
    assertThat(sessions.validate(second.token()).isValid()).isFalse();
    sessions.revokeAll("user-1");
  }

  @Test
  void bestEffort_letsEveryOutcomeHappen_whenTheTrailIsDown() {
    TestAudit audit = new TestAudit(dir);
    SessionManager sessions = sessions(AuthAudit.bestEffort(audit.log()));
    PasswordAuthenticator logins = logins(AuthAudit.bestEffort(audit.log()));
    audit.close();
    assertThat(logins.authenticate("alice@example.com", "correct horse".toCharArray(), ip, client).isSuccess()).isTrue();
    IssuedSession s = sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
    assertThat(sessions.rotate(s.token(), Set.of(AuthFactor.TOTP))).isPresent();
    assertThat(AuthAudit.bestEffort(audit.log()).isRequired()).isFalse();
    assertThat(AuthAudit.none().toString()).isEqualTo("AuthAudit[none]");
  }
}
