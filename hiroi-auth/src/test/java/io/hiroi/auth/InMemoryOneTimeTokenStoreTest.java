package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.TokenConsumption.Failure;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryOneTimeTokenStoreTest extends OneTimeTokenStoreContract {
  private InMemoryOneTimeTokenStore store;

  @Override
  protected OneTimeTokenStore store(FakeClock clock) {
    store = InMemoryOneTimeTokenStore.create(1000, clock);
    return store;
  }

  @Override
  protected OneTimeTokenStore secondReplica(FakeClock clock) {
    return store;
  }

  @Test
  void full_dropsExpiredEntriesFirst_thenRefuses() {
    InMemoryOneTimeTokenStore small = InMemoryOneTimeTokenStore.create(2, clock);
    OneTimeTokens t = OneTimeTokens.builder(small).clock(clock).build();
    t.issue(TokenPurpose.MAGIC_LINK, "a");
    t.issue(TokenPurpose.MAGIC_LINK, "b");
    assertThatThrownBy(() -> t.issue(TokenPurpose.MAGIC_LINK, "c"))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("in-memory store holds its maximum of 2 one-time tokens; raise the maximum or use Redis");
    clock.advance(TokenPurpose.MAGIC_LINK.defaultTtl().plus(OneTimeTokens.EXPIRED_GRACE));
    t.issue(TokenPurpose.MAGIC_LINK, "c");
    assertThat(small.size()).isEqualTo(1);
  }

  @Test
  void issue_rejectsBadArguments_withoutEchoingThem() {
    assertThatThrownBy(() -> tokens.issue(TokenPurpose.MAGIC_LINK, "s", Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between PT1M and PT720H, was PT59S");
    assertThatThrownBy(() -> tokens.issue(TokenPurpose.MAGIC_LINK, "s", Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue(TokenPurpose.MAGIC_LINK, "secret\tsubject"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must be 1 to 256 characters without control characters, was 14 characters");
    assertThatThrownBy(() -> tokens.issue(TokenPurpose.MAGIC_LINK, "x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultLifetimes_perPurpose() {
    assertThat(TokenPurpose.MAGIC_LINK.defaultTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(TokenPurpose.PASSWORD_RESET.defaultTtl()).isEqualTo(Duration.ofHours(1));
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, subject);
    clock.advance(Duration.ofMinutes(15));
    assertThat(tokens.consume(TokenPurpose.MAGIC_LINK, token).failure()).contains(Failure.EXPIRED);
  }

  @Test
  void anUnavailableOrForeignStore_failsClosed() {
    OneTimeTokenStore down =
        new OneTimeTokenStore() {
          @Override
          public void put(String key, String value, Duration ttl) {
            throw new AuthStoreException("down");
          }

          @Override
          public Optional<String> take(String key) {
            throw new AuthStoreException("down");
          }
        };
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, subject);
    OneTimeTokens failing = OneTimeTokens.builder(down).clock(clock).build();
    assertThat(failing.consume(TokenPurpose.MAGIC_LINK, token).failure()).contains(Failure.UNAVAILABLE);
    assertThatThrownBy(() -> failing.issue(TokenPurpose.MAGIC_LINK, subject)).isInstanceOf(AuthStoreException.class);
    for (String foreign : new String[] {"", "x|m|s", "1|r|s", "1|m|", "1m|s", "|m|s"}) {
      OneTimeTokenStore odd =
          new OneTimeTokenStore() {
            @Override
            public void put(String key, String value, Duration ttl) {}

            @Override
            public Optional<String> take(String key) {
              return Optional.of(foreign);
            }
          };
      assertThat(OneTimeTokens.builder(odd).clock(clock).build().consume(TokenPurpose.MAGIC_LINK, token).failure())
          .as(foreign)
          .contains(Failure.UNAVAILABLE);
    }
  }
}
