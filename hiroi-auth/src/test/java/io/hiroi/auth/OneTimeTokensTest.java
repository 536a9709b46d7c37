package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

/** The per-client limit on {@link OneTimeTokens#consume(TokenPurpose, String, RateLimitKey)}. */
class OneTimeTokensTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final InMemoryOneTimeTokenStore store = InMemoryOneTimeTokenStore.create(100, clock);
  private final RateLimiter verifies =
      RateLimiter.builder("magic-link", InMemoryRateLimitBackend.create()).limit(Limit.perMinute("verify", 3)).build();
  private final OneTimeTokens tokens = OneTimeTokens.builder(store).clock(clock).consumeLimiter(verifies).build();
  private final RateLimitKey client = RateLimitKey.of("test", "client-1");

  @Test
  void attemptsOverTheLimit_areThrottled_beforeTheStore_andLeaveTheTokenUsable() {
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, "user-1");
    for (int i = 0; i < 3; i++) {
      assertThat(tokens.consume(TokenPurpose.MAGIC_LINK, "o1.m.guess-" + i, client).failure()).contains(TokenConsumption.Failure.MALFORMED);
    }
    TokenConsumption throttled = tokens.consume(TokenPurpose.MAGIC_LINK, token, client);
    assertThat(throttled.failure()).contains(TokenConsumption.Failure.THROTTLED);
    assertThat(throttled.retryAfter()).isPositive();
    assertThat(throttled.toString()).isEqualTo("TokenConsumption[THROTTLED]");
    // Another client is not held back, and the token was not used up by the refused attempt.
    TokenConsumption ok = tokens.consume(TokenPurpose.MAGIC_LINK, token, RateLimitKey.of("test", "client-2"));
    assertThat(ok.subject()).contains("user-1");
    assertThat(ok.retryAfter()).isZero();
  }

  @Test
  void theThrottledOverload_withoutALimiter_isAMisconfiguration() {
    OneTimeTokens plain = OneTimeTokens.builder(store).clock(clock).build();
    assertThatThrownBy(() -> plain.consume(TokenPurpose.MAGIC_LINK, "x", client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("consumeLimiter must be set");
    assertThatThrownBy(() -> OneTimeTokens.builder(store).consumeLimiter(verifies).consumeLimiter(verifies))
        .hasMessage("consumeLimiter was already set");
  }
}
