package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.SessionValidation.Failure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SessionStore} passes, through the public {@link SessionManager}: in
 * memory, on a single Redis and on a Redis Cluster. Time is a {@link FakeClock} the managers read,
 * so every timeout is exact. A second manager on a second store instance (another replica, on
 * another connection for Redis) shares the state.
 */
public abstract class SessionStoreContract {
  protected static final Duration IDLE = Duration.ofMinutes(30);
  protected static final Duration ABSOLUTE = Duration.ofHours(8);
  protected static final Duration TOUCH = Duration.ofMinutes(1);

  protected FakeClock clock;
  protected SessionManager sessions;
  protected SessionManager replica;
  protected String user;

  /** A store for one test; the managers read {@code clock}. */
  protected abstract SessionStore store(FakeClock clock);

  /** A second store on the same state (another replica); the same object for memory. */
  protected abstract SessionStore secondReplica(FakeClock clock);

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    sessions = manager(store(clock), 50);
    replica = manager(secondReplica(clock), 50);
    user = "user-" + UUID.randomUUID();
  }

  protected SessionManager manager(SessionStore store, int maxPerUser) {
    return SessionManager.builder(store)
        .clock(clock)
        .idleTimeout(IDLE)
        .absoluteTimeout(ABSOLUTE)
        .touchAfter(TOUCH)
        .maxSessionsPerUser(maxPerUser)
        .build();
  }

  protected IssuedSession signIn(String userId) {
    return sessions.create(userId, Set.of(AuthFactor.PASSWORD), ClientInfo.of("192.0.2.7", "Mozilla/5.0 (test)"));
  }

  private static Failure failure(SessionValidation v) {
    return v.failure().orElse(null);
  }

  // ---- create and validate ----

  @Test
  void create_thenValidate_returnsTheSessionAsStored() {
    IssuedSession issued = sessions.create(user, EnumSet.of(AuthFactor.PASSWORD, AuthFactor.TOTP), ClientInfo.of("2001:db8::1", "UA/1"));
    Session s = issued.session();
    Instant now = clock.instant();
    assertThat(s.userId()).isEqualTo(user);
    assertThat(s.createdAt()).isEqualTo(now);
    assertThat(s.lastSeenAt()).isEqualTo(now);
    assertThat(s.authenticatedAt()).isEqualTo(now);
    assertThat(s.expiresAt()).isEqualTo(now.plus(ABSOLUTE));
    assertThat(s.factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);

    SessionValidation v = sessions.validate(issued.token());
    assertThat(v.isValid()).isTrue();
    assertThat(v.session()).contains(s);
    assertThat(replica.validate(issued.token()).session()).contains(s);
    assertThat(v.session().get().client().ipAddress()).isEqualTo("2001:db8::1");
    assertThat(v.session().get().client().userAgent()).isEqualTo("UA/1");
  }

  @Test
  void sessionId_isTheSha256OfTheToken_andTokensAreDistinct() throws Exception {
    IssuedSession a = signIn(user);
    IssuedSession b = signIn(user);
    assertThat(a.token()).hasSize(SessionManager.TOKEN_LENGTH).startsWith("s1.").isNotEqualTo(b.token());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(a.token().getBytes(StandardCharsets.US_ASCII));
    assertThat(a.session().id()).isEqualTo(HexFormat.of().formatHex(digest)).doesNotContain(a.token());
  }

  @Test
  void unknownOrForgedTokens_fail() {
    IssuedSession issued = signIn(user);
    String t = issued.token();
    assertThat(failure(sessions.validate("s1.0000." + t.substring(8)))).isIn(Failure.UNKNOWN);
    String flipped = t.substring(0, 20) + (t.charAt(20) == 'A' ? 'B' : 'A') + t.substring(21);
    assertThat(failure(sessions.validate(flipped))).isEqualTo(Failure.UNKNOWN);
    assertThat(failure(sessions.validate(""))).isEqualTo(Failure.MALFORMED);
    assertThat(failure(sessions.validate(t + "A"))).isEqualTo(Failure.MALFORMED);
    assertThat(failure(sessions.validate(t.substring(1)))).isEqualTo(Failure.MALFORMED);
    assertThat(sessions.validate(t).isValid()).isTrue();
  }

  // ---- timeouts ----

  @Test
  void idleTimeout_endsTheSession_andDeletesIt() {
    IssuedSession used = signIn(user);
    IssuedSession idle = signIn(user);
    clock.advance(IDLE.minusMillis(1));
    assertThat(sessions.validate(used.token()).isValid()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(failure(sessions.validate(idle.token()))).isEqualTo(Failure.IDLE_TIMEOUT);
    assertThat(failure(replica.validate(idle.token()))).isEqualTo(Failure.UNKNOWN);
    assertThat(replica.validate(used.token()).isValid()).isTrue();
  }

  @Test
  void validation_slidesTheIdleExpiry_untilTheAbsoluteTimeout() {
    IssuedSession issued = signIn(user);
    Duration step = IDLE.minusMinutes(1);
    Instant end = clock.instant().plus(ABSOLUTE);
    int validations = 0;
    while (clock.instant().plus(step).isBefore(end)) {
      clock.advance(step);
      assertThat(sessions.validate(issued.token()).isValid()).as("after %s validations", validations).isTrue();
      validations++;
    }
    assertThat(validations).isGreaterThan(10);
    clock.advance(Duration.between(clock.instant(), end));
    assertThat(failure(sessions.validate(issued.token()))).isEqualTo(Failure.ABSOLUTE_TIMEOUT);
    assertThat(failure(replica.validate(issued.token()))).isEqualTo(Failure.UNKNOWN);
  }

  @Test
  void validation_writesLastSeen_onlyAfterTheTouchInterval() {
    IssuedSession issued = signIn(user);
    Instant created = clock.instant();
    clock.advance(TOUCH.minusSeconds(1));
    assertThat(sessions.validate(issued.token()).session().get().lastSeenAt()).isEqualTo(created);
    clock.advance(Duration.ofSeconds(1));
    Instant touched = clock.instant();
    assertThat(sessions.validate(issued.token()).session().get().lastSeenAt()).isEqualTo(touched);
    assertThat(replica.validate(issued.token()).session().get().lastSeenAt()).isEqualTo(touched);
    // The idle timeout now counts from the touch.
    clock.advance(IDLE.minusMillis(1));
    assertThat(replica.validate(issued.token()).isValid()).isTrue();
  }

  // ---- rotation ----

  @Test
  void rotate_replacesTheToken_keepsCreation_andRecordsTheStepUp() {
    IssuedSession first = signIn(user);
    clock.advance(Duration.ofMinutes(5));
    IssuedSession rotated = sessions.rotate(first.token(), Set.of(AuthFactor.PASSWORD, AuthFactor.TOTP)).orElseThrow();
    assertThat(rotated.token()).isNotEqualTo(first.token());
    assertThat(failure(replica.validate(first.token()))).isEqualTo(Failure.UNKNOWN);
    Session s = replica.validate(rotated.token()).session().orElseThrow();
    assertThat(s.createdAt()).isEqualTo(first.session().createdAt());
    assertThat(s.expiresAt()).isEqualTo(first.session().expiresAt());
    assertThat(s.authenticatedAt()).isEqualTo(clock.instant());
    assertThat(s.factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);
    assertThat(sessions.sessions(user)).extracting(Session::id).containsExactly(rotated.session().id());
    assertThat(sessions.rotate(first.token(), Set.of(AuthFactor.TOTP))).isEmpty();
  }

  @Test
  void rotate_ofAnExpiredSession_isEmpty() {
    IssuedSession first = signIn(user);
    clock.advance(IDLE);
    assertThat(sessions.rotate(first.token(), Set.of(AuthFactor.TOTP))).isEmpty();
  }

  // ---- revocation ----

  @Test
  void revoke_endsOneSession_onEveryReplica() {
    IssuedSession a = signIn(user);
    IssuedSession b = signIn(user);
    assertThat(sessions.revoke(a.token())).isTrue();
    assertThat(failure(replica.validate(a.token()))).isEqualTo(Failure.UNKNOWN);
    assertThat(replica.validate(b.token()).isValid()).isTrue();
    assertThat(sessions.revoke(a.token())).isFalse();
    assertThat(sessions.revoke("not a token")).isFalse();
  }

  @Test
  void revokeById_endsOnlyTheOwnersSession() {
    IssuedSession mine = signIn(user);
    String other = "other-" + UUID.randomUUID();
    IssuedSession theirs = signIn(other);
    assertThat(sessions.revoke(user, theirs.session().id())).isFalse();
    assertThat(replica.validate(theirs.token()).isValid()).isTrue();
    assertThat(sessions.revoke(user, "not-an-id")).isFalse();
    assertThat(sessions.revoke(user, mine.session().id())).isTrue();
    assertThat(failure(replica.validate(mine.token()))).isEqualTo(Failure.UNKNOWN);
  }

  @Test
  void signOutEverywhere_isSeenByAnotherReplica_onItsVeryNextValidate() {
    List<IssuedSession> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(signIn(user));
    }
    IssuedSession someoneElse = signIn("other-" + UUID.randomUUID());
    for (IssuedSession s : mine) {
      assertThat(replica.validate(s.token()).isValid()).isTrue();
    }
    assertThat(sessions.revokeAll(user)).isEqualTo(5);
    for (IssuedSession s : mine) {
      assertThat(failure(replica.validate(s.token()))).isEqualTo(Failure.UNKNOWN);
    }
    assertThat(replica.validate(someoneElse.token()).isValid()).isTrue();
    assertThat(sessions.sessions(user)).isEmpty();
    assertThat(sessions.revokeAll(user)).isZero();
    // A new sign-in after it works as usual.
    assertThat(replica.validate(signIn(user).token()).isValid()).isTrue();
  }

  @Test
  void revokeAllExcept_endsEveryOtherSession_onEveryReplica_andKeepsTheCurrentOne() {
    List<IssuedSession> mine = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      mine.add(signIn(user));
    }
    IssuedSession current = mine.get(2);
    IssuedSession someoneElse = signIn("other-" + UUID.randomUUID());
    assertThat(sessions.revokeAllExcept(user, current.session().id())).isEqualTo(3);
    for (IssuedSession s : mine) {
      assertThat(replica.validate(s.token()).isValid()).as("session %d", mine.indexOf(s)).isEqualTo(s == current);
    }
    assertThat(replica.validate(someoneElse.token()).isValid()).isTrue();
    assertThat(sessions.sessions(user)).extracting(Session::id).containsExactly(current.session().id());
    assertThat(replica.revokeAllExcept(user, current.session().id())).isZero();
    // The kept session stays in the user's index: a later sign out everywhere still ends it.
    assertThat(sessions.revokeAll(user)).isEqualTo(1);
    assertThat(replica.validate(current.token()).isValid()).isFalse();
  }

  @Test
  void revokeAllExcept_withASessionOfAnotherUserOrNoSession_keepsNothingOfTheUser() {
    IssuedSession a = signIn(user);
    IssuedSession b = signIn(user);
    IssuedSession foreign = signIn("other-" + UUID.randomUUID());
    assertThat(sessions.revokeAllExcept(user, foreign.session().id())).isEqualTo(2);
    assertThat(replica.validate(a.token()).isValid()).isFalse();
    assertThat(replica.validate(b.token()).isValid()).isFalse();
    assertThat(replica.validate(foreign.token()).isValid()).isTrue();
    IssuedSession c = signIn(user);
    assertThat(sessions.revokeAllExcept(user, "not-a-session-id")).isEqualTo(1);
    assertThat(replica.validate(c.token()).isValid()).isFalse();
  }

  @Test
  void signOutEverywhere_endsSessionsCreatedConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<IssuedSession>> created = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        created.add(pool.submit(() -> {
          start.await();
          return signIn(user);
        }));
      }
      start.countDown();
      List<IssuedSession> all = new ArrayList<>();
      for (Future<IssuedSession> f : created) {
        all.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(sessions.sessions(user)).hasSize(40);
      assertThat(sessions.revokeAll(user)).isEqualTo(40);
      for (IssuedSession s : all) {
        assertThat(replica.validate(s.token()).isValid()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Issue 6, review of the Redis scripts: sign out everywhere racing new sign-ins of the same user
   * never leaves a session that still works but is out of the user's index (so that no later
   * sign out everywhere, and no devices page, would see it).
   */
  @Test
  void signOutEverywhere_racingNewSignIns_leavesNoWorkingSessionUnlisted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<IssuedSession>> created = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        created.add(pool.submit(() -> {
          start.await();
          return signIn(user);
        }));
      }
      Future<Integer> ended = pool.submit(() -> {
        start.await();
        return replica.revokeAll(user);
      });
      start.countDown();
      List<IssuedSession> all = new ArrayList<>();
      for (Future<IssuedSession> f : created) {
        all.add(f.get(30, TimeUnit.SECONDS));
      }
      int endedByRace = ended.get(30, TimeUnit.SECONDS);
      List<String> listed = sessions.sessions(user).stream().map(Session::id).collect(java.util.stream.Collectors.toList());
      int working = 0;
      for (IssuedSession s : all) {
        if (replica.validate(s.token()).isValid()) {
          working++;
          assertThat(listed).contains(s.session().id());
        }
      }
      assertThat(working + endedByRace).isEqualTo(24);
      assertThat(sessions.revokeAll(user)).isEqualTo(working);
      for (IssuedSession s : all) {
        assertThat(replica.validate(s.token()).isValid()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- listing and bounds ----

  @Test
  void sessions_listsLiveOnes_newestFirst_withClientDetails() {
    IssuedSession first = sessions.create(user, Set.of(AuthFactor.PASSWORD), ClientInfo.of("192.0.2.1", "Phone"));
    clock.advance(Duration.ofMinutes(2));
    IssuedSession second = sessions.create(user, Set.of(AuthFactor.PASSKEY), ClientInfo.of("192.0.2.2", "Laptop"));
    clock.advance(Duration.ofMinutes(2));
    IssuedSession third = sessions.create(user, Set.of(AuthFactor.MAGIC_LINK), ClientInfo.unknown());
    sessions.revoke(second.token());
    List<Session> listed = replica.sessions(user);
    assertThat(listed).extracting(Session::id).containsExactly(third.session().id(), first.session().id());
    assertThat(listed.get(1).client().userAgent()).isEqualTo("Phone");
    assertThat(listed.get(1).client().ipAddress()).isEqualTo("192.0.2.1");
    assertThat(listed.get(0).client()).isEqualTo(ClientInfo.unknown());
    // The first goes idle (its last sight was 4 minutes before the third's).
    clock.advance(IDLE.minusMinutes(3));
    sessions.validate(third.token());
    assertThat(replica.sessions(user)).extracting(Session::id).containsExactly(third.session().id());
  }

  @Test
  void aUsersSessions_areBounded_theOldestEnding() {
    SessionManager bounded = manager(store(clock), 3);
    List<IssuedSession> issued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      issued.add(bounded.create(user, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(failure(bounded.validate(issued.get(0).token()))).isEqualTo(Failure.UNKNOWN);
    assertThat(failure(bounded.validate(issued.get(1).token()))).isEqualTo(Failure.UNKNOWN);
    for (int i = 2; i < 5; i++) {
      assertThat(bounded.validate(issued.get(i).token()).isValid()).isTrue();
    }
    assertThat(bounded.sessions(user)).hasSize(3);
  }
}
