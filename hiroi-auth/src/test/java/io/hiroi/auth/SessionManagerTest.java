package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.SessionValidation.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final SessionManager sessions =
      SessionManager.builder(InMemorySessionStore.create(1000, clock)).clock(clock).build();

  @Test
  void tokenLength_matchesItsParts() {
    assertThat(SessionManager.TOKEN_LENGTH).isEqualTo(3 + 4 + 1 + 43);
    String token = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    assertThat(token).matches("s1\\.[0-9a-f]{4}\\.[A-Za-z0-9_-]{43}");
    assertThat(token.substring(3, 7)).isEqualTo(SessionManager.tag("u"));
  }

  @Test
  void malformedTokens_areRejectedBeforeTheStore() {
    SessionManager failing = SessionManager.builder(new BrokenStore()).clock(clock).build();
    String good = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    for (String bad :
        List.of(
            "",
            "s1.",
            good.replace("s1.", "s2."),
            good.substring(0, 7) + "-" + good.substring(8),
            "s1.ABCD" + good.substring(7),
            good.substring(0, 50) + "\u00e9",
            good.substring(0, 50) + "=",
            // the last character of 32 bytes in base64url has two unused bits: 'B' sets one
            good.substring(0, 50) + "B",
            "x".repeat(100_000))) {
      assertThat(failing.validate(bad).failure()).as(bad.length() > 60 ? "long" : bad).contains(Failure.MALFORMED);
      assertThat(failing.revoke(bad)).isFalse();
      assertThat(failing.rotate(bad, Set.of(AuthFactor.TOTP))).isEmpty();
    }
  }

  @Test
  void anUnavailableStore_failsValidationClosed_andThrowsOnWrites() {
    SessionManager failing = SessionManager.builder(new BrokenStore()).clock(clock).build();
    String token = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    assertThat(failing.validate(token).failure()).contains(Failure.UNAVAILABLE);
    assertThatThrownBy(() -> failing.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("store down");
    assertThatThrownBy(() -> failing.revokeAll("u")).isInstanceOf(AuthStoreException.class);
    assertThatThrownBy(() -> failing.rotate(token, Set.of(AuthFactor.TOTP))).isInstanceOf(AuthStoreException.class);
  }

  @Test
  void stepUp_isNeeded_whenTheLastAuthenticationIsOld() {
    Session s = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).session();
    assertThat(sessions.needsStepUp(s, SensitiveChange.PASSWORD, false)).isFalse();
    clock.advance(SessionManager.DEFAULT_STEP_UP_MAX_AGE);
    assertThat(sessions.needsStepUp(s, SensitiveChange.PASSWORD, false)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(sessions.needsStepUp(s, SensitiveChange.PASSWORD, false)).isTrue();
    assertThat(sessions.needsStepUp(s, SensitiveChange.EMAIL, false)).isTrue();
  }

  @Test
  void stepUp_needsTheSecondFactor_forChangesThatCouldRemoveIt() {
    IssuedSession issued = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    Session passwordOnly = issued.session();
    assertThat(sessions.needsStepUp(passwordOnly, SensitiveChange.PASSWORD, true)).isFalse();
    for (SensitiveChange c : List.of(SensitiveChange.SECOND_FACTOR, SensitiveChange.RECOVERY_CODES, SensitiveChange.EMAIL)) {
      assertThat(sessions.needsStepUp(passwordOnly, c, true)).as(c.name()).isTrue();
      assertThat(sessions.needsStepUp(passwordOnly, c, false)).as(c.name()).isFalse();
    }
    Session stepped = sessions.rotate(issued.token(), Set.of(AuthFactor.PASSWORD, AuthFactor.PASSKEY)).orElseThrow().session();
    assertThat(sessions.needsStepUp(stepped, SensitiveChange.SECOND_FACTOR, true)).isFalse();
  }

  @Test
  void stepUp_isNeeded_forAnAuthenticationTimeInTheFuture() {
    Session s = sessions.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).session();
    clock.advance(Duration.ofSeconds(-1));
    assertThat(sessions.needsStepUp(s, SensitiveChange.PASSWORD, false)).isTrue();
  }

  @Test
  void builder_rejectsBadSettings_namingThem() {
    SessionStore store = InMemorySessionStore.create();
    assertThatThrownBy(() -> SessionManager.builder(store).idleTimeout(Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be between PT1M and PT720H, was PT59S");
    assertThatThrownBy(() -> SessionManager.builder(store).idleTimeout(Duration.ofHours(2)).absoluteTimeout(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("absoluteTimeout (PT1H) must not be shorter than idleTimeout (PT2H)");
    assertThatThrownBy(() -> SessionManager.builder(store).idleTimeout(Duration.ofMinutes(10)).touchAfter(Duration.ofMinutes(6)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("touchAfter (PT6M) must be at most half of idleTimeout (PT10M)");
    assertThatThrownBy(() -> SessionManager.builder(store).clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock was already set");
    assertThatThrownBy(() -> SessionManager.builder(store).maxSessionsPerUser(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSessionsPerUser must be between 1 and 1000, was 0");
  }

  @Test
  void badArguments_areRejected_withoutEchoingThem() {
    String secretish = "user\nwith-newline-SECRET";
    assertThatThrownBy(() -> sessions.create(secretish, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userId must be 1 to 256 characters without control characters, was 24 characters");
    assertThatThrownBy(() -> sessions.create("", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create("u", Set.of(), ClientInfo.unknown()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("factors must be at least one factor, was empty");
    assertThatThrownBy(() -> sessions.validate(null)).isInstanceOf(NullPointerException.class).hasMessage("token");
  }

  @Test
  void clientInfo_isBoundedAndCleaned() {
    ClientInfo c = ClientInfo.of("1".repeat(100), "a\r\nb" + "x".repeat(1000));
    assertThat(c.ipAddress()).hasSize(ClientInfo.MAX_IP_LENGTH);
    assertThat(c.userAgent()).hasSize(ClientInfo.MAX_USER_AGENT_LENGTH).startsWith("a??b");
    assertThat(ClientInfo.of(null, null)).isEqualTo(ClientInfo.unknown());
    String cut = ClientInfo.of("", "x".repeat(511) + "\uD83D\uDE00").userAgent();
    assertThat(cut).hasSize(511);
    assertThat(c.toString()).doesNotContain("xxx");
  }

  @Test
  void session_rejectsABadId() {
    Instant t = clock.instant();
    assertThatThrownBy(() -> Session.restore("abc", "u", t, t, t, t, Set.of(), ClientInfo.unknown()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session id must be 64 lowercase hex characters, was 3 characters");
  }

  /** A store that is always down. */
  static final class BrokenStore implements SessionStore {
    private static AuthStoreException down() {
      return new AuthStoreException("store down");
    }

    @Override
    public void create(String tag, Session session, Duration idleTimeout, int maxPerUser) {
      throw down();
    }

    @Override
    public Optional<Session> findAndTouch(String tag, String id, Instant now, Duration idleTimeout, Duration touchAfter) {
      throw down();
    }

    @Override
    public boolean replace(String tag, String oldId, Session replacement, Duration idleTimeout) {
      throw down();
    }

    @Override
    public boolean remove(String tag, String id, String userId) {
      throw down();
    }

    @Override
    public int removeAll(String tag, String userId) {
      throw down();
    }

    @Override
    public List<Session> list(String tag, String userId) {
      throw down();
    }
  }
}
