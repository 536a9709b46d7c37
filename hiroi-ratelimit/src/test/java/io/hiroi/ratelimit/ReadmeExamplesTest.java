package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.ReadmeSnippets;
import java.net.InetAddress;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The README's hiroi-ratelimit examples (a login endpoint and a chat endpoint), compiled and run
 * here on the in-memory backend with a fake clock; {@link #readmeShowsTheseExamples()} fails when
 * the README copy drifts from this file.
 */
class ReadmeExamplesTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final RateLimitBackend backend = InMemoryRateLimitBackend.builder().clock(clock).build();
  private final Users users = new Users();
  private final Metrics metrics = new Metrics();

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/ratelimit/ReadmeExamplesTest.java"));
  }

  // region readme:ratelimit-login
  // One backend per JVM, shared by every limiter: InMemoryRateLimitBackend.create(), or
  // RedisRateLimitBackend.connect(RedisURI.create("redis://redis:6379")) for several replicas.
  final RateLimiter loginPerIp =
      RateLimiter.builder("login-ip", backend)
          .limit(Limit.perMinute("minute", 10)) // checked together, in one backend call
          .limit(Limit.perHour("hour", 100))
          .build();
  // 5 free failures per account and 20 per client, then 1 s, 2 s, 4 s ... up to 15 minutes.
  final AuthThrottle loginFailures = AuthThrottle.builder("login", backend).build();

  Response login(InetAddress clientIp, String email, String password) {
    RateLimitKey client = RateLimitKey.ip(clientIp); // IPv6 per /64, IPv4-mapped IPv6 as IPv4
    RateLimitKey account = RateLimitKey.account(email.toLowerCase(Locale.ROOT));

    Decision perIp = loginPerIp.tryAcquire(client); // Redis down or slow: denied, UNAVAILABLE
    if (!perIp.isAllowed()) {
      return Response.tooManyRequests(perIp.headers());
    }
    ThrottleDecision throttle = loginFailures.check(account, client);
    if (!throttle.isAllowed()) { // the same answer as a wrong password, with a wait
      return Response.signInFailed(throttle.retryAfterSeconds());
    }
    if (users.passwordMatches(email, password)) {
      loginFailures.recordSuccess(account, client); // forgets the account's failures only
      return Response.ok();
    }
    loginFailures.recordFailure(account, client);
    return Response.signInFailed(0);
  }
  // endregion

  // region readme:ratelimit-chat
  final RateLimiter chatPerVisitor =
      RateLimiter.builder("chat-visitor", backend)
          .limit(Limit.perMinute("minute", 20).withBurst(5)) // 5 at once, then one per 3 s
          .limit(Limit.perHour("hour", 300))
          .listener((limiter, limit, outcome) -> metrics.count(limiter, limit, outcome))
          .build();
  final ConcurrencyLimiter chatStreams = ConcurrencyLimiter.builder("chat-sse", backend, 3).build();

  Response postMessage(String visitorId) {
    Decision d = chatPerVisitor.tryAcquire(RateLimitKey.visitor(visitorId));
    return d.isAllowed() ? Response.ok().with(d.headers()) : Response.tooManyRequests(d.headers());
  }

  Response openStream(String userId) {
    ConcurrencyPermit permit = chatStreams.acquire(RateLimitKey.user(userId)); // a 1-minute lease
    if (!permit.isGranted()) {
      return Response.status(429); // this user already holds 3 streams (or Redis is down)
    }
    // Renew every 20 s while the stream lives (a crashed replica's leases simply expire), and give
    // the permit back when it ends.
    return Response.stream(() -> permit.renew(), permit::close);
  }
  // endregion

  @Test
  void login_isLimitedPerIp_thenThrottledPerAccount_andASuccessForgetsTheAccount() throws Exception {
    InetAddress ip = InetAddress.getByName("203.0.113.7");
    users.add("ada@example.com", "correct horse");
    for (int i = 0; i < 5; i++) {
      assertThat(login(ip, "Ada@Example.com", "wrong").status).isEqualTo(401);
    }
    Response throttled = login(ip, "ada@example.com", "correct horse");
    assertThat(throttled.status).isEqualTo(401);
    assertThat(throttled.headers).containsEntry("Retry-After", "1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(login(ip, "ada@example.com", "correct horse").status).isEqualTo(200);
    assertThat(login(ip, "ada@example.com", "wrong").status).isEqualTo(401);
    assertThat(login(ip, "ada@example.com", "correct horse").status).isEqualTo(200);

    // Nine calls so far spent the per-IP minute limit of 10 down to 1.
    assertThat(login(ip, "bob@example.com", "x").status).isEqualTo(401);
    Response limited = login(ip, "bob@example.com", "x");
    assertThat(limited.status).isEqualTo(429);
    assertThat(limited.headers).containsEntry("Retry-After", "5"); // one permit per 6 s; 1 s has passed
    assertThat(limited.headers.get("RateLimit-Policy")).isEqualTo("\"minute\";q=10;w=60, \"hour\";q=100;w=3600");
  }

  @Test
  void login_fromAnotherIpv6Address_ofTheSame64_sharesTheLimit() throws Exception {
    for (int i = 0; i < 10; i++) {
      InetAddress ip = InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1));
      assertThat(login(ip, "nobody@example.com", "x").status).isEqualTo(401);
    }
    assertThat(login(InetAddress.getByName("2001:db8:1:2:ffff::1"), "nobody@example.com", "x").status).isEqualTo(429);
    assertThat(login(InetAddress.getByName("2001:db8:1:3::1"), "nobody@example.com", "x").status).isEqualTo(401);
  }

  @Test
  void chat_allowsABurstOfFive_thenOneEveryThreeSeconds_andCountsEveryDecision() {
    for (int i = 0; i < 5; i++) {
      assertThat(postMessage("visitor-1").status).isEqualTo(200);
    }
    Response denied = postMessage("visitor-1");
    assertThat(denied.status).isEqualTo(429);
    assertThat(denied.headers).containsEntry("Retry-After", "3");
    assertThat(postMessage("visitor-2").status).isEqualTo(200);
    clock.advance(Duration.ofSeconds(3));
    assertThat(postMessage("visitor-1").status).isEqualTo(200);
    assertThat(metrics.counts).containsEntry("chat-visitor/minute/ALLOWED", 7).containsEntry("chat-visitor/minute/DENIED", 1);
  }

  @Test
  void chat_capsStreamsPerUser_andAClosedOrExpiredStreamGivesItsSlotBack() {
    Response first = openStream("user-1");
    Response second = openStream("user-1");
    Response third = openStream("user-1");
    assertThat(List.of(first.status, second.status, third.status)).containsOnly(200);
    assertThat(openStream("user-1").status).isEqualTo(429);
    assertThat(openStream("user-2").status).isEqualTo(200);

    first.end();
    assertThat(openStream("user-1").status).isEqualTo(200);
    assertThat(openStream("user-1").status).isEqualTo(429);
    clock.advance(Duration.ofSeconds(40));
    assertThat(second.heartbeat()).isTrue();
    // At 80 s only second's lease (renewed at 40 s) is alive: the others were never renewed.
    clock.advance(Duration.ofSeconds(40));
    assertThat(openStream("user-1").status).isEqualTo(200);
    assertThat(openStream("user-1").status).isEqualTo(200);
    assertThat(openStream("user-1").status).isEqualTo(429);
    assertThat(third.heartbeat()).isFalse();
  }

  /** A response of the example's imaginary web framework. */
  static final class Response {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final java.util.function.BooleanSupplier heartbeat;
    private final Runnable end;

    private Response(int status, java.util.function.BooleanSupplier heartbeat, Runnable end) {
      this.status = status;
      this.heartbeat = heartbeat;
      this.end = end;
    }

    static Response ok() {
      return status(200);
    }

    static Response status(int status) {
      return new Response(status, () -> false, () -> {});
    }

    static Response signInFailed(long retryAfterSeconds) {
      Response r = status(401);
      if (retryAfterSeconds > 0) {
        r.headers.put("Retry-After", Long.toString(retryAfterSeconds));
      }
      return r;
    }

    static Response tooManyRequests(RateLimitHeaders h) {
      return status(429).with(h);
    }

    static Response stream(java.util.function.BooleanSupplier heartbeat, Runnable end) {
      return new Response(200, heartbeat, end);
    }

    Response with(RateLimitHeaders h) {
      headers.put(RateLimitHeaders.POLICY, h.policy());
      headers.put(RateLimitHeaders.RATE_LIMIT, h.rateLimit());
      Optional<String> retryAfter = h.retryAfter();
      retryAfter.ifPresent(v -> headers.put(RateLimitHeaders.RETRY_AFTER, v));
      return this;
    }

    boolean heartbeat() {
      return heartbeat.getAsBoolean();
    }

    void end() {
      end.run();
    }
  }

  /** The host's user store. */
  static final class Users {
    private final Map<String, String> passwords = new LinkedHashMap<>();

    void add(String email, String password) {
      passwords.put(email, password);
    }

    boolean passwordMatches(String email, String password) {
      return password.equals(passwords.get(email.toLowerCase(Locale.ROOT)));
    }
  }

  /** The host's metrics. */
  static final class Metrics {
    final Map<String, Integer> counts = new LinkedHashMap<>();

    synchronized void count(String limiter, String limit, Outcome outcome) {
      counts.merge(limiter + "/" + limit + "/" + outcome, 1, Integer::sum);
    }
  }
}
