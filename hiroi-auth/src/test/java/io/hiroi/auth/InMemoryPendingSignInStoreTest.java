package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryPendingSignInStoreTest extends SignInChallengesContract {
  private InMemoryPendingSignInStore memory;

  @Override
  protected PendingSignInStore store(int replica) {
    if (memory == null) {
      memory = InMemoryPendingSignInStore.create(1000, clock);
    }
    return memory;
  }

  @Test
  void whenFull_expiredEntriesMakeRoom_liveOnesAreNeverDropped() {
    InMemoryPendingSignInStore small = InMemoryPendingSignInStore.create(2, clock);
    small.put("a", "1", Duration.ofMinutes(1));
    small.put("b", "2", Duration.ofMinutes(5));
    assertThatThrownBy(() -> small.put("c", "3", Duration.ofMinutes(5)))
        .isInstanceOf(AuthStoreException.class)
        .hasMessageContaining("pending sign-ins");
    clock.advance(Duration.ofMinutes(1));
    small.put("c", "3", Duration.ofMinutes(5));
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.get("b")).contains("2");
    assertThat(small.get("a")).isEmpty();
  }

  @Test
  void bounds_areChecked() {
    assertThatThrownBy(() -> InMemoryPendingSignInStore.create(0, clock)).hasMessage("maxEntries must be between 1 and 100000000, was 0");
    assertThatThrownBy(() -> SignInChallenges.builder(memoryStore()).ttl(Duration.ofSeconds(59)))
        .hasMessageContaining("ttl must be");
    assertThatThrownBy(() -> SignInChallenges.builder(memoryStore()).ttl(Duration.ofMinutes(16))).hasMessageContaining("ttl must be");
    assertThatThrownBy(() -> SignInChallenges.builder(memoryStore()).maxFailures(21)).hasMessage("maxFailures must be between 1 and 20, was 21");
    assertThatThrownBy(() -> SignInChallenges.builder(memoryStore()).maxFailures(3).maxFailures(3)).isInstanceOf(IllegalStateException.class);
  }

  private PendingSignInStore memoryStore() {
    return store(0);
  }
}
