package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.PasswordCheck.Failure;
import io.hiroi.crypto.PasswordHasher;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest {
  /** OWASP's second Argon2id option (m=12 MiB, t=3): quick enough for tests, still above the floor. */
  private static final PasswordHasher HASHER = PasswordHasher.builder().memoryKiB(12288).iterations(3).build();

  private final Accounts accounts = new Accounts();
  private final AuthThrottle throttle = AuthThrottle.builder("login", InMemoryRateLimitBackend.create()).build();
  private final PasswordAuthenticator logins = PasswordAuthenticator.create(HASHER, accounts, throttle);

  PasswordAuthenticatorTest() {
    accounts.put("alice@example.com", "user-1", HASHER.hash("correct horse".toCharArray()));
  }

  private static RateLimitKey client(int n) {
    return RateLimitKey.of("test", "client-" + n);
  }

  @Test
  void theRightPassword_signsIn_andEmailsAreNormalised() {
    PasswordCheck ok = logins.authenticate("  Alice@Example.COM ", "correct horse".toCharArray(), client(1));
    assertThat(ok.isSuccess()).isTrue();
    assertThat(ok.userId()).contains("user-1");
    assertThat(ok.toString()).isEqualTo("PasswordCheck[success]");
  }

  @Test
  void unknownEmail_andWrongPassword_fail_alikeForTheClient() {
    PasswordCheck unknown = logins.authenticate("bob@example.com", "x".toCharArray(), client(2));
    PasswordCheck wrong = logins.authenticate("alice@example.com", "x".toCharArray(), client(2));
    assertThat(unknown.failure()).contains(Failure.UNKNOWN_ACCOUNT);
    assertThat(wrong.failure()).contains(Failure.WRONG_PASSWORD);
    assertThat(unknown.isSuccess()).isFalse();
    assertThat(unknown.userId()).isEmpty();
    assertThat(wrong.userId()).isEmpty();
    assertThat(logins.authenticate("", "x".toCharArray(), client(2)).failure()).contains(Failure.UNKNOWN_ACCOUNT);
    assertThat(logins.authenticate("a".repeat(400), "x".toCharArray(), client(2)).failure()).contains(Failure.UNKNOWN_ACCOUNT);
    assertThat(accounts.lookups).doesNotContain("", "a".repeat(400));
  }

  @Test
  void repeatedFailures_areThrottled_perAccount_whetherOrNotItExists() {
    for (String email : List.of("alice@example.com", "nobody@example.com")) {
      int n = email.startsWith("a") ? 10 : 20;
      for (int i = 0; i < AuthThrottle.DEFAULT_ACCOUNT_FREE_FAILURES; i++) {
        assertThat(logins.authenticate(email, "wrong".toCharArray(), client(n + i)).failure()).isNotEqualTo(Optional.of(Failure.THROTTLED));
      }
      PasswordCheck throttled = logins.authenticate(email, "correct horse".toCharArray(), client(99));
      assertThat(throttled.failure()).as(email).contains(Failure.THROTTLED);
      assertThat(throttled.retryAfter()).isPositive();
    }
  }

  @Test
  void aWeakStoredHash_isReplaced_afterASuccessfulSignIn() {
    PasswordHasher weak = PasswordHasher.builder().insecureAllowWeakParameters().memoryKiB(1024).iterations(1).build();
    accounts.put("carol@example.com", "user-3", weak.hash("pw-carol".toCharArray()));
    assertThat(HASHER.needsRehash(accounts.hashes.get("user-3"))).isTrue();
    assertThat(logins.authenticate("carol@example.com", "pw-carol".toCharArray(), client(3)).isSuccess()).isTrue();
    String updated = accounts.hashes.get("user-3");
    assertThat(HASHER.needsRehash(updated)).isFalse();
    assertThat(HASHER.verify(updated, "pw-carol".toCharArray())).isTrue();
    // Up to date now: no further write.
    int writes = accounts.writes;
    assertThat(logins.authenticate("carol@example.com", "pw-carol".toCharArray(), client(3)).isSuccess()).isTrue();
    assertThat(accounts.writes).isEqualTo(writes);
  }

  /**
   * Unknown-account and wrong-password sign-ins take about as long: both spend one Argon2id
   * verification. Interleaved runs, compared by their medians with a generous factor (the
   * difference it guards against, no hash at all, is a factor of hundreds), so that a noisy
   * machine does not make it flake.
   */
  @Test
  void unknownAccount_andWrongPassword_takeAboutTheSameTime() {
    int runs = 15;
    long[] unknown = new long[runs];
    long[] wrong = new long[runs];
    char[] guess = "not the password".toCharArray();
    logins.authenticate("warm@example.com", guess, client(1000));
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      logins.authenticate("nobody-" + i + "@example.com", guess, client(2000 + i));
      long t1 = System.nanoTime();
      logins.authenticate("alice@example.com", guess, client(3000 + i));
      long t2 = System.nanoTime();
      throttle.recordSuccess(RateLimitKey.account("alice@example.com"), client(3000 + i));
      unknown[i] = t1 - t0;
      wrong[i] = t2 - t1;
    }
    double ratio = (double) median(unknown) / median(wrong);
    assertThat(ratio).isBetween(1 / 3.0, 3.0);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The host's accounts, in memory. */
  private static final class Accounts implements PasswordAccounts {
    final Map<String, String> byEmail = new ConcurrentHashMap<>();
    final Map<String, String> hashes = new ConcurrentHashMap<>();
    final List<String> lookups = new ArrayList<>();
    int writes;

    void put(String email, String userId, String hash) {
      byEmail.put(email, userId);
      hashes.put(userId, hash);
    }

    @Override
    public synchronized Optional<PasswordAccount> findByEmail(String email) {
      lookups.add(email);
      String user = byEmail.get(email);
      return user == null ? Optional.empty() : Optional.of(PasswordAccount.of(user, hashes.get(user)));
    }

    @Override
    public synchronized void updatePasswordHash(String userId, String passwordHash) {
      writes++;
      hashes.put(userId, passwordHash);
    }
  }
}
