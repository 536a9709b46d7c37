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
