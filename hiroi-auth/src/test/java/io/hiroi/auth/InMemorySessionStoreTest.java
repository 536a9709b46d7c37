package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest extends SessionStoreContract {
  private InMemorySessionStore store;

  @Override
  protected SessionStore store(FakeClock clock) {
    store = InMemorySessionStore.create(1_000, clock);
    return store;
  }

  @Override
  protected SessionStore secondReplica(FakeClock clock) {
    return store;
  }

  @Test
  void theCapPerUser_countsLiveSessionsOnly() {
    // As on Redis, where an expired session's key is gone: an idle-expired session nobody has
    // looked at since must not make the cap end a live one.
    SessionManager m = manager(store, 3);
    IssuedSession a = m.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    clock.advance(Duration.ofSeconds(1));
    IssuedSession b = m.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    clock.advance(Duration.ofSeconds(1));
    m.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()); // idle from now on
    clock.advance(IDLE.minusMinutes(1));
    assertThat(m.validate(a.token()).isValid()).isTrue();
    assertThat(m.validate(b.token()).isValid()).isTrue();
    clock.advance(Duration.ofMinutes(2)); // the third has expired; a and b are live
    IssuedSession d = m.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    assertThat(m.validate(a.token()).isValid()).isTrue();
    assertThat(m.validate(b.token()).isValid()).isTrue();
    assertThat(m.validate(d.token()).isValid()).isTrue();
    assertThat(store.size()).isEqualTo(3);
    // With three live sessions, a fourth still ends the oldest.
    IssuedSession e = m.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    assertThat(m.validate(a.token()).isValid()).isFalse();
    assertThat(m.validate(e.token()).isValid()).isTrue();
  }

  @Test
  void full_dropsExpiredSessionsFirst_thenRefusesNewOnes() {
    InMemorySessionStore small = InMemorySessionStore.create(3, clock);
    SessionManager m = manager(small, 50);
    for (int i = 0; i < 3; i++) {
      m.create("u" + i, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    }
    assertThatThrownBy(() -> m.create("u3", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("in-memory store holds its maximum of 3 sessions; raise the maximum or use Redis");
    clock.advance(IDLE.plus(Duration.ofSeconds(1)));
    IssuedSession fresh = m.create("u3", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    assertThat(small.size()).isEqualTo(1);
    assertThat(m.validate(fresh.token()).isValid()).isTrue();
  }

  @Test
  void create_rejectsAnOutOfRangeBound() {
    assertThatThrownBy(() -> InMemorySessionStore.create(0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSessions must be between 1 and 100000000, was 0");
  }
}
