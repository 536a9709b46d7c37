package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.KeyRing;
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

/** The contract every {@link TotpReplayGuard} passes, through {@link TotpService}: in memory and on a real Redis. */
public abstract class TotpReplayGuardContract {
  protected final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  protected FakeClock clock;
  protected String user;

  /** A guard; replicas 0 and 1 share state. The memory guard reads {@code clock}. */
  protected abstract TotpReplayGuard guard(int replica);

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    user = "user-" + UUID.randomUUID();
  }

  protected TotpService service(int replica) {
    return TotpService.create(ring, guard(replica), "Example", clock);
  }

  protected static String codeNow(TotpEnrollment e, FakeClock clock) {
    byte[] secret = TotpServiceTest.decodeBase32(e.secretBase32());
    return TotpService.codeAt(secret, clock.instant(), TotpService.DIGITS, "HmacSHA1");
  }

  @Test
  void aCode_isAcceptedOnce_onEveryReplica() {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String code = codeNow(e, clock);
    assertThat(service(0).verify(user, e.storedSecret(), code).isValid()).isTrue();
    assertThat(service(1).verify(user, e.storedSecret(), code).failure()).contains(TotpVerification.Failure.REPLAYED);
    clock.advance(TotpService.TIME_STEP);
    assertThat(service(1).verify(user, e.storedSecret(), codeNow(e, clock)).isValid()).isTrue();
  }

  private static String codeAt(TotpEnrollment e, java.time.Instant at) {
    return TotpService.codeAt(TotpServiceTest.decodeBase32(e.secretBase32()), at, TotpService.DIGITS, "HmacSHA1");
  }

  @Test
  void onceACodeIsAccepted_noCodeOfAnEarlierStepIs_onEveryReplica() {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String previous = codeAt(e, clock.instant().minus(TotpService.TIME_STEP));
    String current = codeNow(e, clock);
    String next = codeAt(e, clock.instant().plus(TotpService.TIME_STEP));
    org.junit.jupiter.api.Assumptions.assumeTrue(!previous.equals(current) && !current.equals(next), "three distinct codes");
    // The code of the next step, accepted early (a phone clock ahead): both earlier steps are used up.
    assertThat(service(0).verify(user, e.storedSecret(), next).isValid()).isTrue();
    assertThat(service(1).verify(user, e.storedSecret(), current).failure()).contains(TotpVerification.Failure.REPLAYED);
    assertThat(service(0).verify(user, e.storedSecret(), previous).failure()).contains(TotpVerification.Failure.REPLAYED);
  }

  @Test
  void aCodeOfThePreviousStep_acceptedFirst_stillLetsTheCurrentStepsCodeIn() {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String previous = codeAt(e, clock.instant().minus(TotpService.TIME_STEP));
    String current = codeNow(e, clock);
    org.junit.jupiter.api.Assumptions.assumeTrue(!previous.equals(current), "two distinct codes");
    assertThat(service(0).verify(user, e.storedSecret(), previous).isValid()).isTrue(); // a phone clock behind
    assertThat(service(1).verify(user, e.storedSecret(), current).isValid()).as("later steps stay open").isTrue();
    assertThat(service(1).verify(user, e.storedSecret(), previous).failure()).contains(TotpVerification.Failure.REPLAYED);
  }

  @Test
  void fiftyThreadsOnTwoReplicas_oneCode_exactlyOneWins() throws Exception {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String code = codeNow(e, clock);
    TotpService[] replicas = {service(0), service(1)};
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TotpVerification>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        TotpService s = replicas[i % 2];
        results.add(pool.submit(() -> {
          start.await();
          return s.verify(user, e.storedSecret(), code);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<TotpVerification> f : results) {
        TotpVerification v = f.get(30, TimeUnit.SECONDS);
        if (v.isValid()) {
          wins++;
        } else {
          assertThat(v.failure()).contains(TotpVerification.Failure.REPLAYED);
        }
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void usedCodes_ofOneUser_doNotBlockAnother() {
    TotpEnrollment a = service(0).enroll(user, "a@example.com");
    TotpEnrollment b = service(0).enroll("other-" + user, "b@example.com");
    assertThat(service(0).verify(user, a.storedSecret(), codeNow(a, clock)).isValid()).isTrue();
    assertThat(service(1).verify("other-" + user, b.storedSecret(), codeNow(b, clock)).isValid()).isTrue();
    assertThat(guard(0).firstUse("k-" + user, Duration.ofMinutes(2))).isTrue();
    assertThat(guard(1).firstUse("k-" + user, Duration.ofMinutes(2))).isFalse();
  }
}
