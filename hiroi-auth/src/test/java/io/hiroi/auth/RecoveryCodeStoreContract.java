package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
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

/** The contract every {@link RecoveryCodeStore} passes, through {@link RecoveryCodes}: in memory and on a real Redis. */
public abstract class RecoveryCodeStoreContract {
  protected String user;

  /** A store; replicas 0 and 1 share state. */
  protected abstract RecoveryCodeStore store(int replica);

  /** Everything the backend itself holds for a user key, read past the store's interface. */
  protected abstract Set<String> held(String userKey);

  @BeforeEach
  void newUser() {
    user = "user-" + UUID.randomUUID();
  }

  protected RecoveryCodes codes(int replica) {
    return RecoveryCodes.create(store(replica));
  }

  @Test
  void tenCodes_eachAcceptedOnce_onEveryReplica() {
    RecoveryCodeSet set = codes(0).generate(user);
    assertThat(set.codes()).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"));
    assertThat(codes(1).remaining(user)).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      String code = set.codes().get(i);
      assertThat(codes(i % 2).redeem(user, code).isValid()).as(code).isTrue();
      assertThat(codes((i + 1) % 2).redeem(user, code).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
      assertThat(codes(0).remaining(user)).isEqualTo(9 - i);
    }
  }

  @Test
  void regenerating_invalidatesTheOldSet_onEveryReplica() {
    RecoveryCodeSet old = codes(0).generate(user);
    assertThat(codes(0).redeem(user, old.codes().get(0)).isValid()).isTrue();
    RecoveryCodeSet fresh = codes(1).generate(user);
    assertThat(codes(0).remaining(user)).isEqualTo(10);
    for (String c : old.codes()) {
      assertThat(codes(0).redeem(user, c).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
    }
    assertThat(new HashSet<>(fresh.codes())).doesNotContainAnyElementsOf(old.codes());
    assertThat(codes(0).redeem(user, fresh.codes().get(3)).isValid()).isTrue();
    codes(1).revokeAll(user);
    assertThat(codes(0).remaining(user)).isZero();
    assertThat(codes(0).redeem(user, fresh.codes().get(4)).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
  }

  @Test
  void enteredCodes_areNormalized_caseSpacesDashesAndLookalikes() {
    RecoveryCodeSet set = codes(0).generate(user);
    String a = set.codes().get(0);
    assertThat(codes(1).redeem(user, "  " + a.toLowerCase(java.util.Locale.ROOT).replace("-", " ") + " ").isValid()).isTrue();
    String b = set.codes().get(1);
    assertThat(codes(1).redeem(user, b.replace("-", "").replace('1', 'l').replace('0', 'O')).isValid()).isTrue();
    assertThat(codes(0).remaining(user)).isEqualTo(8);
  }

  @Test
  void codesOfOneUser_doNotWorkForAnother() {
    RecoveryCodeSet a = codes(0).generate(user);
    codes(0).generate("other-" + user);
    assertThat(codes(1).redeem("other-" + user, a.codes().get(0)).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
    assertThat(codes(1).redeem("unknown-" + user, a.codes().get(0)).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
    assertThat(codes(0).remaining("unknown-" + user)).isZero();
    assertThat(codes(0).redeem(user, a.codes().get(0)).isValid()).isTrue();
  }

  @Test
  void malformedInput_isRefused_andUsesNothingUp() {
    RecoveryCodeSet set = codes(0).generate(user);
    String good = set.codes().get(0);
    for (String bad : new String[] {"", "----", good.substring(0, 18), good + "X", good.replace(good.charAt(0), 'U'), good.substring(0, 18) + "é",
        "x".repeat(10_000)}) {
      assertThat(codes(0).redeem(user, bad).failure()).as(bad.length() > 40 ? "long" : bad).contains(RecoveryCodeRedemption.Failure.MALFORMED);
    }
    assertThat(codes(0).remaining(user)).isEqualTo(10);
    assertThat(codes(0).redeem(user, good).isValid()).isTrue();
  }

  @Test
  void fiftyThreadsOnTwoReplicas_oneCode_exactlyOneWins() throws Exception {
    RecoveryCodeSet set = codes(0).generate(user);
    String code = set.codes().get(5);
    RecoveryCodes[] replicas = {codes(0), codes(1)};
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RecoveryCodeRedemption>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        RecoveryCodes r = replicas[i % 2];
        results.add(pool.submit(() -> {
          start.await();
          return r.redeem(user, code);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<RecoveryCodeRedemption> f : results) {
        RecoveryCodeRedemption v = f.get(30, TimeUnit.SECONDS);
        if (v.isValid()) {
          wins++;
        } else {
          assertThat(v.failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
        }
      }
      assertThat(wins).isEqualTo(1);
      assertThat(codes(1).remaining(user)).isEqualTo(9);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStore_holdsOnlyHashes() {
    RecoveryCodeSet set = codes(0).generate(user);
    Set<String> expected = new HashSet<>();
    for (String c : set.codes()) {
      expected.add(RecoveryCodes.hash(user, RecoveryCodes.normalize(c)));
    }
    assertThat(expected).hasSize(10).allMatch(h -> h.matches("[0-9a-f]{64}"));
    String userKey = RecoveryCodes.userKey(user);
    assertThat(userKey).matches("[0-9a-f]{64}").doesNotContain(user);
    Set<String> held = held(userKey);
    assertThat(held).containsExactlyInAnyOrderElementsOf(expected); // the ten hashes and nothing else
    for (String c : set.codes()) {
      String bare = RecoveryCodes.normalize(c);
      assertThat(held).noneMatch(h -> h.contains(bare) || h.contains(c) || h.contains(bare.toLowerCase(java.util.Locale.ROOT)));
    }
    assertThat(codes(1).redeem(user, set.codes().get(0)).isValid()).isTrue();
    assertThat(held(userKey)).hasSize(9).doesNotContain(RecoveryCodes.hash(user, RecoveryCodes.normalize(set.codes().get(0))));
    expected.remove(RecoveryCodes.hash(user, RecoveryCodes.normalize(set.codes().get(0))));
    String first = expected.iterator().next();
    assertThat(store(1).consume(RecoveryCodes.userKey(user), first)).isTrue();
    assertThat(store(0).consume(RecoveryCodes.userKey(user), first)).isFalse();
    assertThat(set.toString()).isEqualTo("RecoveryCodeSet[10 codes, redacted]").doesNotContain(set.codes().get(0));
  }
}
