package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.FakeClock;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitBackendContract;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisRateLimitBackendIT extends RateLimitBackendContract {
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> first;
  private static StatefulRedisConnection<String, String> second;
  private static StatefulRedisConnection<String, String> admin;

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(RedisRateLimitBackend.recommendedClientOptions());
    first = client.connect();
    second = client.connect();
    admin = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected RateLimitBackend backend(FakeClock clock) {
    return RedisRateLimitBackend.using(first).withClockForTests(clock);
  }

  @Override
  protected RateLimitBackend secondReplica(FakeClock clock) {
    return RedisRateLimitBackend.using(second).withClockForTests(clock);
  }

  private static RateLimiter serverTimeLimiter(Limit... limits) {
    RateLimiter.Builder builder = RateLimiter.builder("server-time", RedisRateLimitBackend.using(first)).timeout(TIMEOUT);
    for (Limit limit : limits) {
      builder.limit(limit);
    }
    return builder.build();
  }

  @Test
  void serverTime_allowsTheBurst_thenDenies_forAboutOneInterval() {
    RateLimiter limiter = serverTimeLimiter(Limit.perHour("hour", 3));
    RateLimitKey key = freshKey();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
    }
    Decision denied = limiter.tryAcquire(key);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.retryAfter()).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20));
  }

  @Test
  void keys_carryTheHashTag_andExpireWhenTheLimitIsWholeAgain() {
    RateLimitKey key = RateLimitKey.user("ttl-" + UUID.randomUUID());
    serverTimeLimiter(Limit.perMinute("minute", 6)).tryAcquire(key, 2);
    String name = "hiroi:{" + key.value() + "}:rl:server-time:minute";
    RedisCommands<String, String> redis = admin.sync();
    assertThat(redis.exists(name)).isEqualTo(1);
    // Two permits of one per 10 s: whole again in 20 s.
    assertThat(redis.pttl(name)).isBetween(19_000L, 20_000L);
  }

  @Test
  void oneDecision_isExactlyOneEvalsha() {
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 100));
    RateLimitKey key = freshKey();
    limiter.tryAcquire(key);
    long evalshaBefore = calls("evalsha");
    long evalBefore = calls("eval");
    for (int i = 0; i < 50; i++) {
      limiter.tryAcquire(key);
    }
    assertThat(calls("evalsha") - evalshaBefore).isEqualTo(50);
    assertThat(calls("eval") - evalBefore).isZero();
  }

  @Test
  void scriptCacheFlushed_isReloadedThroughOneEval() {
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 100));
    RateLimitKey key = freshKey();
    assertThat(limiter.tryAcquire(key).isAllowed()).isTrue();
    admin.sync().scriptFlush();
    assertThat(limiter.tryAcquire(key).remaining()).isEqualTo(98);
    assertThat(limiter.tryAcquire(key).remaining()).isEqualTo(97);
  }

  @Test
  void hostileKeys_makeBoundedRedisKeys() {
    String marker = UUID.randomUUID().toString();
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 1));
    for (String hostile : List.of("x".repeat(1_000_000) + marker, "a\nb{c}" + marker, "\u0000" + marker)) {
      limiter.tryAcquire(RateLimitKey.user(hostile));
    }
    limiter.tryAcquire(RateLimitKey.user(marker));
    List<String> keys = admin.sync().scan(ScanArgs.Builder.matches("hiroi:{user:*").limit(10_000)).getKeys();
    assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).hasSizeLessThan(150).doesNotContain("\n", "\u0000"));
    assertThat(keys).anySatisfy(k -> assertThat(k).isEqualTo("hiroi:{user:" + marker + "}:rl:server-time:minute"));
  }

  @Test
  void oneCallForSeveralDecisions_decidesExactlyAsTheSameDecisionsOneByOne() {
    LuaScript spend = LuaScript.load("spend", admin.async());
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int limits = 1 + random.nextInt(3);
      String[] batched = new String[limits];
      String[] single = new String[limits];
      String tag = UUID.randomUUID().toString();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < limits; i++) {
        batched[i] = "hiroi:{batched-" + tag + "}:rl:t:" + i;
        single[i] = "hiroi:{single-" + tag + "}:rl:t:" + i;
        // At least 1 s: the keys' PX is in real milliseconds, and the one-by-one calls take real
        // time, so a shorter state could expire between them and not between the batched ones.
        long interval = 1_000_000 + random.nextInt(5_000_000);
        numbers.add(Long.toString(interval));
        numbers.add(Long.toString(interval * random.nextInt(8)));
      }
      long now = 1_700_000_000_000_000L + random.nextInt(1_000_000);
      int decisions = 1 + random.nextInt(12);
      List<String> permits = new ArrayList<>();
      for (int d = 0; d < decisions; d++) {
        permits.add(Integer.toString(1 + random.nextInt(4)));
      }
      List<Object> oneCall = eval(spend, batched, Long.toString(now), numbers, permits);
      List<Object> oneByOne = new ArrayList<>();
      for (String p : permits) {
        oneByOne.addAll(eval(spend, single, Long.toString(now), numbers, List.of(p)));
      }
      assertThat(oneCall).hasSize(decisions * (2 + limits)).isEqualTo(oneByOne);
      for (int i = 0; i < limits; i++) {
        assertThat(admin.sync().get(batched[i])).isEqualTo(admin.sync().get(single[i]));
        assertThat(admin.sync().pttl(batched[i])).isCloseTo(admin.sync().pttl(single[i]), within(50L));
      }
    }
  }

  @Test
  void theOneLimitOneDecisionScript_decidesAndStoresExactlyAsTheGeneralOne() {
    LuaScript spend = LuaScript.load("spend", admin.async());
    LuaScript spendOne = LuaScript.load("spend_one", admin.async());
    Random random = new Random(13);
    int denied = 0;
    int allowed = 0;
    for (int round = 0; round < 100; round++) {
      String tag = UUID.randomUUID().toString();
      String[] general = {"hiroi:{general-" + tag + "}:rl:t:0"};
      String[] one = {"hiroi:{one-" + tag + "}:rl:t:0"};
      long interval = 1_000_000 + random.nextInt(5_000_000); // at least 1 s, as above
      List<String> numbers = List.of(Long.toString(interval), Long.toString(interval * random.nextInt(8)));
      long now = 1_700_000_000_000_000L + random.nextInt(1_000_000);
      int decisions = 1 + random.nextInt(12);
      for (int d = 0; d < decisions; d++) {
        List<String> permits = List.of(Integer.toString(1 + random.nextInt(4)));
        List<Object> expected = eval(spend, general, Long.toString(now), numbers, permits);
        // spend_one's one integer: ahead for an allowed decision, -ahead - 1 for a denied one.
        List<String> args = new ArrayList<>(List.of(Long.toString(now)));
        args.addAll(numbers);
        args.addAll(permits);
        long reply = admin.sync().<Long>eval(spendOne.text(), ScriptOutputType.INTEGER, one, args.toArray(String[]::new));
        long ahead = (Long) expected.get(2) - (Long) expected.get(1);
        assertThat(reply).isEqualTo(Long.valueOf(1).equals(expected.get(0)) ? ahead : -ahead - 1);
        assertThat(admin.sync().get(one[0])).isEqualTo(admin.sync().get(general[0]));
        assertThat(admin.sync().pttl(one[0])).isCloseTo(admin.sync().pttl(general[0]), within(50L));
        if (Long.valueOf(1).equals(expected.get(0))) {
          allowed++;
        } else {
          denied++;
        }
        // The same instant again, or later by up to two intervals (past the TAT, now and then).
        now += random.nextInt(3) == 0 ? 0 : (long) (random.nextDouble() * 2 * interval);
      }
    }
    assertThat(allowed).as("allowed decisions compared").isGreaterThan(100);
    assertThat(denied).as("denied decisions compared").isGreaterThan(100);
  }

  @Test
  void oneDecisionOnOneLimit_goesAsTheOneLimitScript_andOnTwoLimitsAsTheGeneralOne() {
    RateLimiter one = serverTimeLimiter(Limit.perMinute("minute", 100));
    RateLimiter two = serverTimeLimiter(Limit.perMinute("minute", 100), Limit.perHour("hour", 1000));
    RateLimitKey oneKey = freshKey();
    RateLimitKey twoKey = freshKey();
    // The slow log with a threshold of 0 records every command with its arguments, so it shows
    // which script (by SHA-1) each decision ran.
    String threshold = admin.sync().configGet("slowlog-log-slower-than").get("slowlog-log-slower-than");
    admin.sync().slowlogReset();
    admin.sync().configSet("slowlog-log-slower-than", "0");
    try {
      assertThat(one.tryAcquire(oneKey).remaining()).isEqualTo(99);
      assertThat(one.tryAcquire(oneKey).remaining()).isEqualTo(98);
      assertThat(two.tryAcquire(twoKey).remaining()).isEqualTo(99);
    } finally {
      admin.sync().configSet("slowlog-log-slower-than", threshold);
    }
    String oneSha = LuaScript.load("spend_one", admin.async()).sha();
    String generalSha = LuaScript.load("spend", admin.async()).sha();
    assertThat(evalshaScriptsOn(oneKey.value())).containsExactly(oneSha, oneSha);
    assertThat(evalshaScriptsOn(twoKey.value())).containsExactly(generalSha);
  }

  /** The SHA-1 of every EVALSHA in the slow log whose first key carries {@code tag}, oldest first. */
  private static List<String> evalshaScriptsOn(String tag) {
    List<String> shas = new ArrayList<>();
    for (Object entry : admin.sync().slowlogGet(1000)) {
      List<?> args = (List<?>) ((List<?>) entry).get(3);
      if (args.size() > 3 && "EVALSHA".equalsIgnoreCase(String.valueOf(args.get(0)))
          && String.valueOf(args.get(3)).contains("{" + tag + "}")) {
        shas.add(0, String.valueOf(args.get(1))); // the slow log lists the newest first
      }
    }
    return shas;
  }

  private static List<Object> eval(LuaScript script, String[] keys, String now, List<String> numbers, List<String> permits) {
    List<String> args = new ArrayList<>();
    args.add(now);
    args.addAll(numbers);
    args.addAll(permits);
    return admin.sync().eval(script.text(), ScriptOutputType.MULTI, keys, args.toArray(String[]::new));
  }

  @Test
  void decisionsOfOneKey_arrivingWhileOneIsInFlight_goAsOneCall_decidedInArrivalOrder() {
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 10));
    RateLimitKey key = freshKey();
    long before = calls("evalsha");
    List<CompletableFuture<Decision>> decisions = new ArrayList<>();
    // CLIENT PAUSE holds every client's commands on the server for 300 ms: the first two
    // decisions are in flight all that time (two calls of a key at most), so the next 19 wait in
    // the backend and go together when the first returns.
    assertThat(admin.sync().clientPause(300)).isEqualTo("OK");
    for (int i = 0; i < 21; i++) {
      decisions.add(limiter.tryAcquireAsync(key, 1).toCompletableFuture());
    }
    List<Decision> answered = decisions.stream().map(CompletableFuture::join).toList();
    assertThat(calls("evalsha") - before).isEqualTo(3);
    for (int i = 0; i < 21; i++) {
      Decision d = answered.get(i);
      assertThat(d.outcome()).as("decision %d", i).isEqualTo(i < 10 ? Outcome.ALLOWED : Outcome.DENIED);
      if (i < 10) {
        assertThat(d.remaining()).as("decision %d", i).isEqualTo(9 - i);
      }
    }
  }

  @Test
  void aWaitingDecisionWhoseCallerTimedOut_isNeverSent_andSpendsNothing() {
    RedisRateLimitBackend shared = RedisRateLimitBackend.using(first);
    RateLimiter patient = RateLimiter.builder("waits", shared).limit(Limit.perMinute("minute", 10)).timeout(TIMEOUT).build();
    RateLimiter hasty = RateLimiter.builder("waits", shared).limit(Limit.perMinute("minute", 10)).timeout(Duration.ofMillis(20)).build();
    RateLimitKey key = freshKey();
    long before = calls("evalsha");
    assertThat(admin.sync().clientPause(300)).isEqualTo("OK");
    CompletableFuture<Decision> first = patient.tryAcquireAsync(key, 1).toCompletableFuture();
    CompletableFuture<Decision> second = patient.tryAcquireAsync(key, 1).toCompletableFuture();
    Decision gaveUp = hasty.tryAcquire(key, 5); // waits behind the two, gives up after 20 ms
    assertThat(gaveUp.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(gaveUp.isAllowed()).isFalse();
    Decision gaveUpAsync = hasty.tryAcquireAsync(key, 3).toCompletableFuture().join(); // the same, asynchronously
    assertThat(gaveUpAsync.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(first.join().remaining()).isEqualTo(9);
    assertThat(second.join().remaining()).isEqualTo(8);
    assertThat(patient.tryAcquire(key).remaining()).isEqualTo(7); // neither the 5 nor the 3 permits were spent
    assertThat(calls("evalsha") - before).isEqualTo(3);
  }

  private static long calls(String command) {
    String stats = admin.sync().info("commandstats");
    for (String line : stats.split("\\R")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }
}
