package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.TokenConsumption.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OneTimeTokenStore} passes, through {@link OneTimeTokens}: in memory,
 * on a single Redis and on a Redis Cluster, with a second instance on the same state standing for
 * another replica.
 */
public abstract class OneTimeTokenStoreContract {
  protected FakeClock clock;
  protected OneTimeTokens tokens;
  protected OneTimeTokens replica;
  protected String subject;

  protected abstract OneTimeTokenStore store(FakeClock clock);

  protected abstract OneTimeTokenStore secondReplica(FakeClock clock);

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    tokens = OneTimeTokens.builder(store(clock)).clock(clock).build();
    replica = OneTimeTokens.builder(secondReplica(clock)).clock(clock).build();
    subject = "user-" + UUID.randomUUID();
  }

  private static Failure failure(TokenConsumption c) {
    return c.failure().orElse(null);
  }

  @Test
  void aToken_worksOnce_onAnyReplica() {
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, subject);
    assertThat(token).hasSize(OneTimeTokens.TOKEN_LENGTH).startsWith("o1.m.");
    TokenConsumption first = replica.consume(TokenPurpose.MAGIC_LINK, token);
    assertThat(first.isValid()).isTrue();
    assertThat(first.subject()).contains(subject);
    assertThat(failure(tokens.consume(TokenPurpose.MAGIC_LINK, token))).isEqualTo(Failure.UNKNOWN);
    assertThat(failure(replica.consume(TokenPurpose.MAGIC_LINK, token))).isEqualTo(Failure.UNKNOWN);
  }

  @Test
  void aTokenOfOnePurpose_neverWorksForAnother_andIsNotUsedUpByTheAttempt() {
    String reset = tokens.issue(TokenPurpose.PASSWORD_RESET, subject);
    for (TokenPurpose other : TokenPurpose.values()) {
      if (other != TokenPurpose.PASSWORD_RESET) {
        assertThat(failure(tokens.consume(other, reset))).as(other.name()).isEqualTo(Failure.WRONG_PURPOSE);
      }
    }
    // The purpose letter changed by hand: a different token, whose hash was never stored.
    String relabelled = "o1.m." + reset.substring(5);
    assertThat(failure(tokens.consume(TokenPurpose.MAGIC_LINK, relabelled))).isEqualTo(Failure.UNKNOWN);
    assertThat(tokens.consume(TokenPurpose.PASSWORD_RESET, reset).subject()).contains(subject);
  }

  @Test
  void anExpiredToken_fails_andIsUsedUp() {
    String token = tokens.issue(TokenPurpose.EMAIL_VERIFICATION, subject, Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    String other = tokens.issue(TokenPurpose.EMAIL_VERIFICATION, subject, Duration.ofMinutes(10));
    clock.advance(Duration.ofMillis(1));
    assertThat(failure(tokens.consume(TokenPurpose.EMAIL_VERIFICATION, token))).isEqualTo(Failure.EXPIRED);
    assertThat(failure(tokens.consume(TokenPurpose.EMAIL_VERIFICATION, token))).isEqualTo(Failure.UNKNOWN);
    assertThat(replica.consume(TokenPurpose.EMAIL_VERIFICATION, other).isValid()).isTrue();
  }

  @Test
  void alteredOrForeignTokens_fail() {
    String token = tokens.issue(TokenPurpose.INVITATION, subject);
    String flipped = token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11);
    assertThat(failure(tokens.consume(TokenPurpose.INVITATION, flipped))).isEqualTo(Failure.UNKNOWN);
    assertThat(failure(tokens.consume(TokenPurpose.INVITATION, token + "A"))).isEqualTo(Failure.MALFORMED);
    assertThat(failure(tokens.consume(TokenPurpose.INVITATION, "o1.x." + token.substring(5)))).isEqualTo(Failure.MALFORMED);
    assertThat(failure(tokens.consume(TokenPurpose.INVITATION, ""))).isEqualTo(Failure.MALFORMED);
    assertThat(tokens.consume(TokenPurpose.INVITATION, token).isValid()).isTrue();
  }

  @Test
  void subjects_roundTripExactly() {
    for (String s : List.of("a", "alice@example.com", "tenant|42|user|7", "名前-😀", "x".repeat(256))) {
      String token = tokens.issue(TokenPurpose.MAGIC_LINK, s);
      assertThat(replica.consume(TokenPurpose.MAGIC_LINK, token).subject()).contains(s);
    }
  }

  @Test
  void fiftyThreadsConsumingOneToken_exactlyOneWins() throws Exception {
    for (int round = 0; round < 5; round++) {
      String token = tokens.issue(TokenPurpose.PASSWORD_RESET, subject);
      ExecutorService pool = Executors.newFixedThreadPool(50);
      try {
        CountDownLatch ready = new CountDownLatch(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenConsumption>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          OneTimeTokens on = i % 2 == 0 ? tokens : replica;
          results.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return on.consume(TokenPurpose.PASSWORD_RESET, token);
                  }));
        }
        ready.await(30, TimeUnit.SECONDS);
        go.countDown();
        int wins = 0;
        int unknown = 0;
        for (Future<TokenConsumption> f : results) {
          TokenConsumption c = f.get(30, TimeUnit.SECONDS);
          if (c.isValid()) {
            wins++;
            assertThat(c.subject()).contains(subject);
          } else if (failure(c) == Failure.UNKNOWN) {
            unknown++;
          }
        }
        assertThat(wins).as("round %s", round).isEqualTo(1);
        assertThat(unknown).isEqualTo(49);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
